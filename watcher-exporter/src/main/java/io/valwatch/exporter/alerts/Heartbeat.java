package io.valwatch.exporter.alerts;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-man's switch: a GET of one URL (a health-check service's check URL) on every interval while the
 * exporter is healthy, so that the service raises the alarm when the pings stop, whether the process died,
 * hung, or stopped processing, persisting or progressing on a chain.
 *
 * <p>While {@code problems} names anything, no ping is sent: the pause is logged once with the reasons,
 * exported as {@code valwatch_heartbeat_withheld 1}, and pinging resumes by itself when the problems are gone.
 * A failed ping (network error, no answer within 10 s, non-2xx status) is logged once per run of failures, counted in
 * {@code valwatch_heartbeat_pings_total{outcome="failure"}} and retried after 5 s, doubling up to the
 * interval, until one succeeds. The URL is a credential: only its scheme and host are ever shown.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpUrl url;
  private final Duration interval;
  private final Supplier<List<String>> problems;
  private final OkHttpClient http;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Secrets secrets;
  private final Counter pings;
  private final Gauge withheld;
  private final Gauge lastSuccess;

  private boolean holding;
  private boolean attempted;
  private int failures;

  /**
   * Starts pinging at once, then on every {@code interval}.
   *
   * @param problems why the exporter is not healthy now; empty when it is (what {@code /readyz} reports)
   * @param executor runs the pings; shut down by {@link #close()}
   */
  public static Heartbeat start(
      HttpUrl url,
      Duration interval,
      Supplier<List<String>> problems,
      OkHttpClient http,
      ScheduledExecutorService executor,
      Clock clock,
      PrometheusRegistry registry) {
    Heartbeat heartbeat = new Heartbeat(url, interval, problems, http, executor, clock, registry);
    log.info("heartbeat: pinging {} every {} while every chain is healthy", Secrets.endpoint(url), interval);
    executor.execute(heartbeat::beat);
    return heartbeat;
  }

  private Heartbeat(
      HttpUrl url,
      Duration interval,
      Supplier<List<String>> problems,
      OkHttpClient http,
      ScheduledExecutorService executor,
      Clock clock,
      PrometheusRegistry registry) {
    this.url = Objects.requireNonNull(url, "url");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.problems = Objects.requireNonNull(problems, "problems");
    // Pings are sequential: a slow one delays the next, it never overlaps it.
    this.http = http.newBuilder().callTimeout(TIMEOUT).build();
    this.executor = executor;
    this.clock = clock;
    this.secrets = Secrets.of(url);
    this.pings =
        Counter.builder()
            .name("valwatch_heartbeat_pings_total")
            .help("Heartbeat pings sent, by outcome: success or failure (pings).")
            .labelNames("outcome")
            .register(registry);
    pings.labelValues("success");
    pings.labelValues("failure");
    this.withheld =
        Gauge.builder()
            .name("valwatch_heartbeat_withheld")
            .help("1 while heartbeat pings are withheld because a chain is not healthy, otherwise 0 (boolean).")
            .register(registry);
    this.lastSuccess =
        Gauge.builder()
            .name("valwatch_heartbeat_last_success_timestamp_seconds")
            .help("When the last heartbeat ping succeeded (unix seconds).")
            .register(registry);
  }

  /** One tick on the executor's thread: ping or hold, then schedule the next. */
  private void beat() {
    Duration next = interval;
    try {
      List<String> now = problems.get();
      if (!now.isEmpty()) {
        hold(now);
      } else {
        if (holding) {
          holding = false;
          withheld.set(0);
          log.info(
              attempted
                  ? "heartbeat: every chain is healthy again; pings resume"
                  : "heartbeat: every chain is healthy; first ping");
        }
        next = ping();
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat: check failed, trying again in {}: {}", interval, e.toString());
    }
    if (!executor.isShutdown()) {
      executor.schedule(this::beat, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void hold(List<String> reasons) {
    withheld.set(1);
    if (holding) {
      return;
    }
    holding = true;
    if (attempted) {
      log.warn("heartbeat: pings withheld until every chain is healthy: {}", String.join("; ", reasons));
    } else {
      // At start, chains are not ready until their endpoints are checked: expected, not a warning.
      log.info("heartbeat: the first ping waits until every chain is healthy: {}", String.join("; ", reasons));
    }
  }

  /** Sends one ping; the delay until the next one. */
  private Duration ping() {
    attempted = true;
    String error;
    Request request = new Request.Builder().url(url).header("User-Agent", "valwatch").get().build();
    try (Response response = http.newCall(request).execute()) {
      if (response.isSuccessful()) {
        pings.labelValues("success").inc();
        lastSuccess.set(clock.millis() / 1000.0);
        if (failures > 0) {
          log.info("heartbeat: ping to {} succeeded again after {} failed", Secrets.endpoint(url), failures);
          failures = 0;
        }
        return interval;
      }
      error = "HTTP " + response.code();
    } catch (IOException e) {
      error = secrets.scrub(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    pings.labelValues("failure").inc();
    failures++;
    Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
    if (retry.compareTo(interval) > 0) {
      retry = interval;
    }
    if (failures == 1) {
      log.warn("heartbeat: ping to {} failed ({}); retrying, first in {}", Secrets.endpoint(url), error, retry);
    } else {
      log.debug("heartbeat: ping to {} failed again ({})", Secrets.endpoint(url), error);
    }
    return retry;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
