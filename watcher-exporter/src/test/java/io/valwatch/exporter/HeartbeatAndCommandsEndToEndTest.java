package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.valwatch.exporter.telegram.FakeBotApi;
import io.valwatch.simnet.Scenarios;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} with a heartbeat and a Telegram channel answering commands, watching the simulated chain: the
 * heartbeat pings while the chain is ready and stops when it is not; {@code /status} answers with the chain's
 * real height.
 */
@Timeout(120)
class HeartbeatAndCommandsEndToEndTest {
  private static final long OPS_CHAT = -1001234567890L;

  @StartStop final MockWebServer healthChecks = new MockWebServer();
  @StartStop final MockWebServer telegram = new MockWebServer();
  private final FakeBotApi bot = new FakeBotApi();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path work;

  @Test
  void pingsWhileReadyStopsWhenNotAndAnswersCommandsFromTheLiveStatus() throws Exception {
    telegram.setDispatcher(bot);
    for (int i = 0; i < 200; i++) {
      healthChecks.enqueue(new MockResponse.Builder().code(200).body("OK").build());
    }
    SimulatedChain chain = Scenarios.demo().build();
    chain.produceBlocks(30);
    ValidatorTruth dorado = chain.truth().validator("Dorado Infra");
    SimnetServer node = SimnetServer.start(chain);
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    chain.startProducing(producer);
    try {
      Path config =
          Files.writeString(
              work.resolve("valwatch.yaml"),
              """
              listen: 127.0.0.1:0
              chains:
                - id: %s
                  rpc: [%s]
                  validators:
                    - address: %s
                      label: dorado
                  poll_interval: 200ms
                  endpoint_check_interval: 1s
              heartbeat:
                url: %s
                interval: 1s
              alerts:
                channels:
                  - name: ops
                    type: telegram
                    token: "%s"
                    chat_id: %d
                    api_url: %s
                    commands: true
              """
                  .formatted(chain.chainId(), node.url(), dorado.operatorAddress(),
                      healthChecks.url("/ping/5f1c9a2e-0b7d"), FakeBotApi.TOKEN, OPS_CHAT, telegram.url("/")));
      CommandLine commandLine = new CommandLine(new RunCommand());
      commandLine.parseArgs("--config", config.toString());
      RunCommand run = commandLine.getCommand();

      try (Exporter exporter = run.start(run.effectiveConfig())) {
        RecordedRequest ping = healthChecks.takeRequest(30, TimeUnit.SECONDS);
        assertThat(ping).as("a ping while the chain is ready").isNotNull();
        assertThat(ping.getMethod()).isEqualTo("GET");
        assertThat(ping.getUrl().encodedPath()).isEqualTo("/ping/5f1c9a2e-0b7d");

        String height = awaitSample(exporter.port(), "valwatch_chain_height{chain_id=\"" + chain.chainId() + "\"}");
        bot.message(OPS_CHAT, "/status", System.currentTimeMillis() / 1000, 0);
        JsonNode reply = nextReply(bot, chain.chainId() + ": height ");
        assertThat(reply).isNotNull();
        assertThat(reply.path("text").asText())
            .startsWith(chain.chainId() + ": height ")
            .contains("dorado (Dorado Infra): ");
        long answered = Long.parseLong(reply.path("text").asText().replaceAll("(?s)^[^:]*: height (\\d+).*$", "$1"));
        assertThat(answered).isGreaterThanOrEqualTo((long) Double.parseDouble(height));

        // The only endpoint goes away: the chain is no longer ready, and the pings stop.
        node.close();
        assertThat(awaitSample(exporter.port(), "valwatch_heartbeat_withheld")).isEqualTo("1.0");
        drain(healthChecks);
        assertThat(healthChecks.takeRequest(4, TimeUnit.SECONDS)).as("no ping while the chain is not ready").isNull();
        assertThat(get(exporter.port(), "/readyz").statusCode()).isEqualTo(503);
      }
    } finally {
      chain.stopProducing();
      producer.shutdownNow();
      node.close();
    }
  }

  /**
   * The next message the bot sent that starts with {@code prefix}, passing over the alerts sent to the same
   * chat meanwhile (the demo's offline validator misses its proposals); {@code null} after 30 seconds.
   */
  private static JsonNode nextReply(FakeBotApi bot, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonNode sent = bot.nextSent(1);
      if (sent != null && sent.path("text").asText().startsWith(prefix)) {
        return sent;
      }
    }
    return null;
  }

  /** Takes the pings already received. */
  private static void drain(MockWebServer server) throws InterruptedException {
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // the pings sent before the heartbeat saw the chain was not ready
    }
  }

  /** The value of {@code series} once the exporter has it; with {@code withheld}, once it is 1. */
  private String awaitSample(int port, String series) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      for (String line : get(port, "/metrics").body().split("\n")) {
        if (line.startsWith(series + " ")) {
          String value = line.substring(series.length() + 1);
          if (!series.equals("valwatch_heartbeat_withheld") || value.equals("1.0")) {
            return value;
          }
        }
      }
      assertThat(System.nanoTime()).as("%s on /metrics", series).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
