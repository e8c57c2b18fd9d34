package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to Prometheus Alertmanager ({@code POST <url>/api/v2/alerts}) the way Prometheus does: an array
 * of {@code {labels, annotations, startsAt, endsAt, generatorURL}}. Alertmanager resolves an alert by itself once
 * its {@code endsAt} passes, so firing alerts are posted again every minute with {@code endsAt} four minutes
 * ahead; a resolved alert is posted with {@code endsAt} = now. When an alert's severity changes, the alert with
 * the old severity label is resolved in the same request.
 *
 * <p>Labels: {@code alertname} (the kind), {@code severity}, {@code chain_id}, {@code validator} or {@code
 * endpoint} (the subject), then the alert's own labels with their names made valid. Annotations: {@code
 * summary} and {@code description}.
 */
final class AlertmanagerNotifier implements Notifier {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerNotifier.class);
  static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);
  private static final Duration VALID_FOR = RESEND_INTERVAL.multipliedBy(4);
  private static final Pattern INVALID_LABEL_CHARACTER = Pattern.compile("[^A-Za-z0-9_]");

  private final JsonPoster poster;
  private final Optional<String> generatorUrl;
  private final Clock clock;
  private final String description;
  /** Firing alerts by key, re-posted until they resolve. */
  private final Map<String, Alert> firing = new ConcurrentHashMap<>();
  private final ScheduledExecutorService resender;

  AlertmanagerNotifier(JsonPoster poster, Optional<String> generatorUrl, Clock clock, String description) {
    this.poster = poster;
    this.generatorUrl = generatorUrl;
    this.clock = clock;
    this.description = description;
    this.resender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "valwatch-alertmanager-resend");
              thread.setDaemon(true);
              return thread;
            });
    long period = RESEND_INTERVAL.toMillis();
    resender.scheduleWithFixedDelay(this::resendQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void send(AlertNotification notification) throws DeliveryException {
    Instant now = clock.instant();
    Alert alert = notification.alert();
    String key = alert.key().id();
    ArrayNode alerts = JsonNodeFactory.instance.arrayNode();
    switch (notification.reason()) {
      case FIRING, REMINDER -> {
        Alert previous = firing.put(key, alert);
        if (previous != null && previous.severity() != alert.severity()) {
          alerts.add(entry(previous, labels(previous), now));
        }
        alerts.add(entry(alert, labels(alert), now.plus(VALID_FOR)));
      }
      case RESOLVED -> {
        Alert previous = firing.remove(key);
        alerts.add(entry(alert, labels(previous == null ? alert : previous), now));
      }
      case SELF_TEST -> {
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        labels.put("alertname", "valwatch_self_test");
        labels.put("severity", "info");
        alerts.add(entry(alert, labels, now.plus(VALID_FOR)));
      }
    }
    poster.post(alerts);
  }

  /** Posts every firing alert again with a fresh {@code endsAt}. */
  void resendActive() throws DeliveryException {
    if (firing.isEmpty()) {
      return;
    }
    Instant endsAt = clock.instant().plus(VALID_FOR);
    ArrayNode alerts = JsonNodeFactory.instance.arrayNode();
    new TreeMap<>(firing).values().forEach(alert -> alerts.add(entry(alert, labels(alert), endsAt)));
    poster.post(alerts);
  }

  private void resendQuietly() {
    try {
      resendActive();
    } catch (DeliveryException e) {
      log.warn("{}: re-posting {} firing alert(s) failed: {}", description, firing.size(), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: re-posting firing alerts failed: {}", description, e.getClass().getName());
    }
  }

  private ObjectNode entry(Alert alert, ObjectNode labels, Instant endsAt) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.set("labels", labels);
    ObjectNode annotations = entry.putObject("annotations");
    annotations.put("summary", alert.summary());
    annotations.put("description", alert.description());
    entry.put("startsAt", alert.firingSince().toString());
    entry.put("endsAt", endsAt.toString());
    generatorUrl.ifPresent(url -> entry.put("generatorURL", url));
    return entry;
  }

  static ObjectNode labels(Alert alert) {
    ObjectNode labels = JsonNodeFactory.instance.objectNode();
    labels.put("alertname", alert.key().kind());
    labels.put("severity", AlertText.lower(alert.severity()));
    if (!alert.key().chainId().isEmpty()) {
      labels.put("chain_id", alert.key().chainId());
    }
    if (!alert.key().subject().isEmpty()) {
      labels.put(AlertText.subjectName(alert.key()), alert.key().subject());
    }
    new TreeMap<>(alert.labels())
        .forEach(
            (name, value) -> {
              String labelName = labelName(name);
              if (!value.isBlank() && !labels.has(labelName)) {
                labels.put(labelName, value);
              }
            });
    return labels;
  }

  /** A valid Prometheus label name: letters, digits and underscores, not starting with a digit. */
  private static String labelName(String name) {
    String valid = INVALID_LABEL_CHARACTER.matcher(name).replaceAll("_");
    return valid.isEmpty() || Character.isDigit(valid.charAt(0)) ? "_" + valid : valid;
  }

  @Override
  public void close() {
    resender.shutdownNow();
  }
}
