package io.valwatch.exporter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

@Timeout(30)
class HeartbeatTest {
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final String SECRET_PATH = "/ping/5f1c9a2e-0b7d-4c1e-9f3a-8d2b6e4a1c07";

  @StartStop final MockWebServer server = new MockWebServer();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
  private final Logger heartbeatLog = (Logger) LoggerFactory.getLogger(Heartbeat.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level level;
  private Heartbeat heartbeat;

  @BeforeEach
  void captureLogs() {
    logged.start();
    heartbeatLog.addAppender(logged);
    level = heartbeatLog.getLevel();
    heartbeatLog.setLevel(Level.INFO);
  }

  @AfterEach
  void stop() {
    if (heartbeat != null) {
      heartbeat.close();
    }
    heartbeatLog.detachAppender(logged);
    heartbeatLog.setLevel(level);
    assertThat(messages()).as("the URL is a credential").noneMatch(m -> m.contains("5f1c9a2e"));
  }

  private void start() {
    HttpUrl url = server.url(SECRET_PATH + "?rid=1");
    heartbeat =
        Heartbeat.start(
            url, INTERVAL, problems::get, new OkHttpClient(), Executors.newSingleThreadScheduledExecutor(), clock, registry);
  }

  private RecordedRequest nextPing() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void pingsTheUrlOnEveryIntervalWhileHealthy() throws Exception {
    for (int i = 0; i < 20; i++) {
      server.enqueue(new MockResponse.Builder().code(200).build());
    }
    start();

    for (int i = 0; i < 3; i++) {
      RecordedRequest ping = nextPing();
      assertThat(ping).as("ping %d", i).isNotNull();
      assertThat(ping.getMethod()).isEqualTo("GET");
      assertThat(ping.getUrl().encodedPath()).isEqualTo(SECRET_PATH);
      assertThat(ping.getUrl().query()).isEqualTo("rid=1");
    }
    awaitCounter("success", 3);
    assertThat(gauge("valwatch_heartbeat_last_success_timestamp_seconds")).isEqualTo(clock.millis() / 1000.0);
    assertThat(gauge("valwatch_heartbeat_withheld")).isZero();
  }

  @Test
  void withholdsPingsWhileAChainIsUnhealthyAndResumesAfter() throws Exception {
    for (int i = 0; i < 40; i++) {
      server.enqueue(new MockResponse.Builder().code(200).build());
    }
    start();
    awaitCounter("success", 1);

    problems.set(List.of("cosmoshub-4: not progressing"));
    awaitGauge("valwatch_heartbeat_withheld", 1);
    drain();
    long sent = counter("success");

    assertThat(server.takeRequest(5 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS)).as("no ping while unhealthy").isNull();
    assertThat(counter("success") + counter("failure")).isEqualTo(sent);
    assertThat(warnings())
        .as("logged once, with the reason")
        .containsExactly("heartbeat: pings withheld until every chain is healthy: cosmoshub-4: not progressing");

    problems.set(List.of());

    assertThat(nextPing()).isNotNull();
    awaitCounter("success", sent + 1);
    assertThat(gauge("valwatch_heartbeat_withheld")).isZero();
    assertThat(messages()).contains("heartbeat: every chain is healthy again; pings resume");
  }

  @Test
  void theFirstPingWaitsForEveryChainWithoutAWarning() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    problems.set(List.of("cosmoshub-4: no synced RPC endpoint"));
    start();

    assertThat(server.takeRequest(3 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    assertThat(gauge("valwatch_heartbeat_withheld")).isEqualTo(1);
    assertThat(warnings()).isEmpty();
    assertThat(messages())
        .contains("heartbeat: the first ping waits until every chain is healthy: cosmoshub-4: no synced RPC endpoint");

    problems.set(List.of());
    assertThat(nextPing()).isNotNull();
  }

  @Test
  void aFailedPingIsLoggedOnceCountedAndRetriedUntilItSucceeds() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(503).build());
    }
    for (int i = 0; i < 20; i++) {
      server.enqueue(new MockResponse.Builder().code(200).build());
    }
    start();

    for (int i = 0; i < 4; i++) {
      assertThat(nextPing()).as("attempt %d", i).isNotNull();
    }
    awaitCounter("success", 1);
    assertThat(counter("failure")).isEqualTo(3);
    assertThat(messages())
        .filteredOn(m -> m.contains("failed"))
        .containsExactly(
            "heartbeat: ping to http://" + server.getHostName() + ":" + server.getPort()
                + "/… failed (HTTP 503); retrying, first in PT0.2S",
            "heartbeat: ping to http://" + server.getHostName() + ":" + server.getPort()
                + "/… succeeded again after 3 failed");
  }

  @Test
  void anUnreachableUrlIsAFailureToo() throws Exception {
    HttpUrl closed = server.url(SECRET_PATH);
    server.close();
    heartbeat =
        Heartbeat.start(
            closed, INTERVAL, problems::get, new OkHttpClient(), Executors.newSingleThreadScheduledExecutor(), clock,
            registry);

    awaitCounter("failure", 2);
    assertThat(counter("success")).isZero();
    assertThat(messages()).filteredOn(m -> m.contains("failed (")).hasSize(1);
  }

  private void awaitCounter(String outcome, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (counter(outcome) < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(counter(outcome)).isGreaterThanOrEqualTo(atLeast);
  }

  private void awaitGauge(String name, double value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gauge(name) != value && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(gauge(name)).isEqualTo(value);
  }

  /** Takes the pings already received. */
  private void drain() throws InterruptedException {
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // sent before the heartbeat saw the problem
    }
  }

  private List<String> warnings() {
    return List.copyOf(logged.list).stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private List<String> messages() {
    return List.copyOf(logged.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private long counter(String outcome) {
    CounterSnapshot pings = (CounterSnapshot) snapshot("valwatch_heartbeat_pings");
    return pings.getDataPoints().stream()
        .filter(p -> p.getLabels().equals(Labels.of("outcome", outcome)))
        .mapToLong(p -> (long) p.getValue())
        .sum();
  }

  private double gauge(String name) {
    return ((GaugeSnapshot) snapshot(name)).getDataPoints().get(0).getValue();
  }

  private MetricSnapshot snapshot(String name) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }
}
