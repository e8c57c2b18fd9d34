package io.valwatch.exporter.alerts;

import static io.valwatch.exporter.alerts.Samples.about;
import static io.valwatch.exporter.alerts.Samples.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import io.valwatch.simnet.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AlertDispatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();

  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final Sleeper recordingSleeper = sleeps::add;
  private final DeliveryCounter counter = DeliveryCounter.register(new PrometheusRegistry());

  private Channel webhook(ChannelPolicy policy) {
    ChannelSpec spec =
        new ChannelSpec("ops", ChannelType.WEBHOOK, Map.of("url", server.url("/hook").toString()), policy);
    return new Channels(new OkHttpClient(), clock).create(spec);
  }

  private AlertDispatcher dispatcher(Channel... channels) {
    return AlertDispatcher.start(List.of(channels), counter, clock, recordingSleeper, 4);
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  private String takeKind() throws Exception {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request").isNotNull();
    JsonNode body = JSON.readTree(request.getBody().utf8());
    return body.get("kind").asText() + " " + body.get("reason").asText();
  }

  private long count(DeliveryOutcome outcome) {
    return counter.value("ops", outcome);
  }

  @Test
  void retriesServerErrorsWithExponentialBackoff() throws Exception {
    server.enqueue(status(500));
    server.enqueue(status(502));
    server.enqueue(status(200));
    try (AlertDispatcher alerts = dispatcher(webhook(ChannelPolicy.DEFAULT))) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(count(DeliveryOutcome.SENT)).isEqualTo(1);
    assertThat(count(DeliveryOutcome.FAILED)).isZero();
  }

  @Test
  void honoursRetryAfterInSecondsAndAsAnHttpDate() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "Wed, 01 May 2024 12:00:42 GMT")
            .build());
    server.enqueue(new MockResponse.Builder().code(429).body("{\"retry_after\": 1.5, \"global\": false}").build());
    server.enqueue(status(204));
    try (AlertDispatcher alerts = dispatcher(webhook(ChannelPolicy.DEFAULT))) {
      alerts.onAlert(notification(Severity.WARNING, Reason.FIRING));
    }

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(42), Duration.ofMillis(1500));
    assertThat(count(DeliveryOutcome.SENT)).isEqualTo(1);
  }

  @Test
  void givesUpAfterMaxAttemptsAndCountsAFailure() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(500));
    }
    server.enqueue(status(200));
    try (AlertDispatcher alerts = dispatcher(webhook(ChannelPolicy.DEFAULT.withMaxAttempts(3)))) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
    assertThat(count(DeliveryOutcome.FAILED)).isEqualTo(1);
    assertThat(count(DeliveryOutcome.SENT)).isZero();
  }

  @Test
  void doesNotRetryARefusal() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).body("invalid_payload").build());
    try (AlertDispatcher alerts = dispatcher(webhook(ChannelPolicy.DEFAULT))) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(count(DeliveryOutcome.FAILED)).isEqualTo(1);
  }

  @Test
  void minimumSeveritySuppressesLowerOnesButNotTheResolveOfAnAlertTheChannelSaw() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(200));
    }
    try (AlertDispatcher alerts = dispatcher(webhook(ChannelPolicy.DEFAULT.withMinSeverity(Severity.CRITICAL)))) {
      alerts.onAlert(about("inactive", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("jail_imminent", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("jail_imminent", Severity.CRITICAL, Reason.FIRING));
      // Severity went back down before the alert resolved: the resolve must still reach the channel.
      alerts.onAlert(about("jail_imminent", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("jail_imminent", Severity.WARNING, Reason.RESOLVED));
      alerts.onAlert(about("inactive", Severity.WARNING, Reason.RESOLVED));
      assertThat(takeKind()).isEqualTo("jail_imminent firing");
      assertThat(takeKind()).isEqualTo("jail_imminent resolved");
    }

    assertThat(count(DeliveryOutcome.SENT)).isEqualTo(2);
    assertThat(count(DeliveryOutcome.SUPPRESSED)).isEqualTo(4);
  }

  @Test
  void quietHoursHoldNonCriticalUntilTheyEndAndDropWhatResolvedMeanwhile() throws Exception {
    for (int i = 0; i < 5; i++) {
      server.enqueue(status(200));
    }
    ChannelPolicy policy =
        ChannelPolicy.DEFAULT.withQuietHours(QuietHours.parse("22:00-07:00", ZoneId.of("Europe/Berlin")));
    moveClockTo(Instant.parse("2024-05-01T21:30:00Z")); // 23:30 in Berlin
    try (AlertDispatcher alerts = dispatcher(webhook(policy))) {
      alerts.onAlert(about("consecutive_misses", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("inactive", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("inactive", Severity.WARNING, Reason.RESOLVED));
      alerts.onAlert(about("jailed", Severity.CRITICAL, Reason.FIRING));
      assertThat(takeKind()).isEqualTo("jailed firing");

      moveClockTo(Instant.parse("2024-05-02T05:00:00Z")); // 07:00 in Berlin
      alerts.onAlert(about("seat_price_margin", Severity.WARNING, Reason.FIRING));
      assertThat(takeKind()).isEqualTo("consecutive_misses firing");
      assertThat(takeKind()).isEqualTo("seat_price_margin firing");
    }

    assertThat(count(DeliveryOutcome.SENT)).isEqualTo(3);
    assertThat(count(DeliveryOutcome.SUPPRESSED)).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aSlowChannelNeitherBlocksTheCallerNorOtherChannelsAndDropsTheOldestNonCritical() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> slowDelivered = Collections.synchronizedList(new ArrayList<>());
    Notifier slow =
        notification -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          slowDelivered.add(notification.alert().key().kind());
        };
    server.enqueue(status(200));
    AlertDispatcher alerts =
        dispatcher(new Channel("slow", "test", slow, ChannelPolicy.DEFAULT), webhook(ChannelPolicy.DEFAULT));
    try {
      alerts.onAlert(about("first", Severity.WARNING, Reason.FIRING));
      assertThat(takeKind()).isEqualTo("first firing");
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      // The slow channel is busy with "first"; its queue holds 4. The webhook channel is idle and gets more.
      for (int i = 0; i < 6; i++) {
        server.enqueue(status(200));
      }
      alerts.onAlert(about("warning_1", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("critical_1", Severity.CRITICAL, Reason.FIRING));
      alerts.onAlert(about("warning_2", Severity.WARNING, Reason.FIRING));
      alerts.onAlert(about("critical_2", Severity.CRITICAL, Reason.FIRING));
      alerts.onAlert(about("critical_3", Severity.CRITICAL, Reason.FIRING));
      alerts.onAlert(about("critical_4", Severity.CRITICAL, Reason.FIRING));
      assertThat(counter.value("slow", DeliveryOutcome.DROPPED)).isEqualTo(2);
    } finally {
      release.countDown();
      alerts.close();
    }

    assertThat(slowDelivered).containsExactly("first", "critical_1", "critical_2", "critical_3", "critical_4");
    assertThat(counter.value("slow", DeliveryOutcome.SENT)).isEqualTo(5);
  }

  @Test
  void selfTestReachesEveryChannelRegardlessOfFilters() throws Exception {
    server.enqueue(status(200));
    ChannelPolicy strict =
        ChannelPolicy.DEFAULT
            .withMinSeverity(Severity.CRITICAL)
            .withQuietHours(QuietHours.parse("00:00-23:59", ZoneId.of("UTC")));
    try (AlertDispatcher alerts = dispatcher(webhook(strict))) {
      alerts.selfTest();
      assertThat(takeKind()).isEqualTo("self_test self_test");
    }

    assertThat(count(DeliveryOutcome.SENT)).isEqualTo(1);
  }

  @Test
  void countsNotificationsStillHeldAtShutdownAsDropped() {
    ChannelPolicy policy = ChannelPolicy.DEFAULT.withQuietHours(QuietHours.parse("00:00-23:59", ZoneId.of("UTC")));
    try (AlertDispatcher alerts = dispatcher(webhook(policy))) {
      alerts.onAlert(about("inactive", Severity.WARNING, Reason.FIRING));
    }

    assertThat(count(DeliveryOutcome.DROPPED)).isEqualTo(1);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aNotifierThatThrowsCountsAsFailed() {
    Notifier broken =
        notification -> {
          throw new IllegalStateException("bug");
        };
    try (AlertDispatcher alerts = dispatcher(new Channel("ops", "test", broken, ChannelPolicy.DEFAULT))) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(count(DeliveryOutcome.FAILED)).isEqualTo(1);
  }

  @Test
  void retryAfterLongerThanTheMaximumBackoffIsCapped() {
    Optional<Duration> wait = RetryAfter.of("86400", null, Instant.EPOCH);
    assertThat(wait).contains(Duration.ofDays(1));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "86400").build());
    server.enqueue(status(200));
    try (AlertDispatcher alerts = dispatcher(webhook(ChannelPolicy.DEFAULT))) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(sleeps).containsExactly(ChannelPolicy.DEFAULT.maxBackoff());
  }

  private void moveClockTo(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }
}
