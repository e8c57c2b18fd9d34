package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.WatcherListener;
import io.valwatch.exporter.alerts.AlertDispatcher;
import io.valwatch.exporter.config.AlertsConfig;
import io.valwatch.risk.AlertKinds;
import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.Scenarios;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The promise to an operator, end to end: a webhook channel configured in YAML, the demo watched as
 * {@code valwatch demo --alerts FILE} watches it, and the validator that goes offline is warned, paged and
 * resolved through the webhook, in that order and once each. The demo chain is produced by the test and the
 * watcher's clock follows its block times, so the demo's minutes pass in seconds.
 */
@Timeout(120)
class DemoAlertsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
  /**
   * Past the first cycle's resolve (jailed at 101, resolved a minute later), before Gemini Relay leaves at 250
   * and Dorado Infra goes offline again at 320.
   */
  private static final long LAST_HEIGHT = 200;
  /** Five blocks and five seconds per step: every step polls, refreshes staking and evaluates alerts. */
  private static final int BLOCKS_PER_STEP = 5;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @StartStop final MockWebServer webhook = new MockWebServer();

  @Test
  void theOfflineValidatorIsWarnedThenPagedThenResolvedOnceEach(@TempDir Path dir) throws Exception {
    webhook.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(200).build();
          }
        });
    Path file = dir.resolve("valwatch.yaml");
    Files.writeString(
        file,
        """
        alerts:
          channels:
            - name: ops-webhook
              type: webhook
              url: %s
        """
            .formatted(webhook.url("/hooks/valwatch")));
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--alerts", file.toString());
    AlertsConfig alertsConfig = demo.alertsConfig();

    SimulatedChain chain = Scenarios.demo().genesisTime(GENESIS).build();
    chain.produceBlocks(2);
    String dorado = chain.truth().validator("Dorado Infra").operatorAddress();
    ManualClock clock = new ManualClock(chain.blockTime(chain.latestHeight()));
    BlockingQueue<Long> processed = new LinkedBlockingQueue<>();
    WatcherListener heights =
        new WatcherListener() {
          @Override
          public void onBlockProcessed(BlockProcessed event) {
            processed.add(event.height());
          }
        };

    List<JsonNode> sent = new ArrayList<>();
    try (SimnetServer node = SimnetServer.start(chain);
        AlertDispatcher alerts = demo.alerting.start(alertsConfig, new PrometheusRegistry());
        Watcher watcher = demo.watcher(node, alertsConfig, clock, alerts, heights)) {
      watcher.start();
      while (chain.latestHeight() < LAST_HEIGHT) {
        chain.produceBlocks(BLOCKS_PER_STEP);
        clock.advance(Duration.between(clock.instant(), chain.blockTime(chain.latestHeight())));
        // A height's signatures arrive with the next block: the newest processable height is one below.
        awaitProcessed(processed, chain.latestHeight() - 1);
      }
      JsonNode notification;
      do {
        notification = takeNotification();
        sent.add(notification);
      } while (!(isFor(notification, dorado, AlertKinds.JAIL_IMMINENT) && text(notification, "state").equals("resolved")));
    }
    // Closing the dispatcher delivered whatever was still queued: the webhook has everything now.
    for (RecordedRequest request; (request = webhook.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
      sent.add(JSON.readTree(request.getBody().utf8()));
    }

    assertThat(
            sent.stream()
                .filter(n -> isFor(n, dorado, AlertKinds.JAIL_IMMINENT))
                .map(n -> text(n, "state") + " " + text(n, "reason") + " " + text(n, "severity")))
        .as("jail_imminent notifications for Dorado Infra, in order")
        .containsExactly("firing firing warning", "firing firing critical", "resolved resolved critical");
  }

  private JsonNode takeNotification() throws Exception {
    RecordedRequest request = webhook.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(request).as("a webhook notification within " + WAIT).isNotNull();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/valwatch");
    return JSON.readTree(request.getBody().utf8());
  }

  private static void awaitProcessed(BlockingQueue<Long> processed, long height) throws InterruptedException {
    for (Long latest = 0L; latest < height; ) {
      latest = processed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(latest).as("height " + height + " processed within " + WAIT).isNotNull();
    }
  }

  private static boolean isFor(JsonNode notification, String subject, String kind) {
    return text(notification, "subject").equals(subject) && text(notification, "kind").equals(kind);
  }

  private static String text(JsonNode notification, String field) {
    return notification.get(field).asText();
  }
}
