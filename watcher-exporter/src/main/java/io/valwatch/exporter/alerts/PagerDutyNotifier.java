package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.AlertNotification.Reason;
import java.util.TreeMap;

/**
 * Sends PagerDuty Events API v2 events ({@code POST /v2/enqueue}). A firing alert is a {@code trigger} with
 * {@code dedup_key} = the alert key, so that a severity change updates the same PagerDuty alert; a resolved one is
 * a {@code resolve} with the same key. Reminders send nothing: PagerDuty keeps the incident open and escalates by
 * its own rules. A self-test triggers an {@code info} event and resolves it at once.
 */
final class PagerDutyNotifier implements Notifier {
  private static final int MAX_SUMMARY = 1024;

  private final JsonPoster poster;
  private final String routingKey;

  PagerDutyNotifier(JsonPoster poster, String routingKey) {
    this.poster = poster;
    this.routingKey = routingKey;
  }

  @Override
  public boolean handles(AlertNotification notification) {
    return notification.reason() != Reason.REMINDER;
  }

  @Override
  public void send(AlertNotification notification) throws DeliveryException {
    switch (notification.reason()) {
      case FIRING, REMINDER -> poster.post(trigger(notification, routingKey));
      case RESOLVED -> poster.post(resolve(notification, routingKey));
      case SELF_TEST -> {
        poster.post(trigger(notification, routingKey));
        poster.post(resolve(notification, routingKey));
      }
    }
  }

  static ObjectNode trigger(AlertNotification notification, String routingKey) {
    Alert alert = notification.alert();
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("routing_key", routingKey);
    event.put("event_action", "trigger");
    event.put("dedup_key", alert.key().id());
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", AlertText.truncate(alert.summary(), MAX_SUMMARY));
    payload.put("source", source(alert));
    payload.put("severity", AlertText.lower(alert.severity()));
    payload.put("timestamp", alert.firingSince().toString());
    payload.put("component", alert.key().subject().isEmpty() ? alert.key().chainId() : alert.key().subject());
    payload.put("group", alert.key().chainId());
    payload.put("class", alert.key().kind());
    ObjectNode details = payload.putObject("custom_details");
    details.put("description", alert.description());
    new TreeMap<>(alert.labels()).forEach(details::put);
    event.put("client", "valwatch");
    return event;
  }

  static ObjectNode resolve(AlertNotification notification, String routingKey) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("routing_key", routingKey);
    event.put("event_action", "resolve");
    event.put("dedup_key", notification.alert().key().id());
    return event;
  }

  /** The affected system: the validator or endpoint on its chain, or the chain itself. */
  private static String source(Alert alert) {
    String chain = alert.key().chainId().isEmpty() ? "valwatch" : alert.key().chainId();
    return alert.key().subject().isEmpty() ? chain : chain + "/" + alert.key().subject();
  }
}
