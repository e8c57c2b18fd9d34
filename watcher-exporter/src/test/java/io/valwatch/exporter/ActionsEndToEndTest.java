package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} with an action on the simulated chain, two endpoints: the validator the simulator takes offline
 * makes the action's command run once, confirmed, with the alert's fields; the run is counted, sent to the
 * alert channel, and disarms the action; {@code actions status} and {@code actions rearm} see and change that
 * while the exporter runs; and a restart mid-episode does not run it again. An episode still waiting for the
 * second endpoint when valwatch restarts runs once that endpoint answers.
 */
@Timeout(180)
class ActionsEndToEndTest {
  @StartStop final MockWebServer webhook = new MockWebServer();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path work;

  @Test
  void runsOnceConfirmedIsSeenAndRearmedByTheCliAndNotRepeatedAfterARestart() throws Exception {
    // Window 100, at most 50 misses: jail_imminent is critical at 5 left, 45 misses after going offline at 20.
    SimulatedChain chain = doradoOffline("actions-1", 100);
    String dorado = chain.truth().validator("dorado").operatorAddress();
    Path ran = work.resolve("ran.txt");
    Path state = work.resolve("state");
    try (SimnetServer a = SimnetServer.start(chain); SimnetServer b = SimnetServer.start(chain)) {
      Path config = config(state, chain, a.url(), b.url(), dorado, """
            - name: fence
              on:
                kinds: [jail_imminent]
                min_severity: critical
                labels: [dorado]
              run:
                command: [/bin/sh, -c, 'echo "$VALWATCH_SUBJECT $VALWATCH_KIND $VALWATCH_SEVERITY $VALWATCH_LABEL_LABEL" >> "$0"', %s]
                timeout: 10s
              cooldown: 0s
          """.formatted(ran));

      try (Exporter exporter = start(config)) {
        produceUntil(chain, 80, () -> Files.exists(ran));
        await(() -> sample(exporter.port(), "valwatch_action_armed{action=\"fence\"}").equals("0.0"), "disarmed");
        assertThat(Files.readAllLines(ran)).containsExactly(dorado + " jail_imminent critical dorado");
        assertThat(sample(exporter.port(), "valwatch_actions_total{action=\"fence\",outcome=\"succeeded\"}"))
            .isEqualTo("1.0");
        assertThat(sample(exporter.port(), "valwatch_actions_total{action=\"fence\",outcome=\"unconfirmed\"}"))
            .as("the second endpoint answered").isEqualTo("0.0");

        JsonNode notice = actionNotice();
        assertThat(notice.path("kind").asText()).isEqualTo("action_fence");
        assertThat(notice.path("subject").asText()).isEqualTo(dorado);
        assertThat(notice.path("severity").asText()).isEqualTo("warning");
        assertThat(notice.path("labels").path("outcome").asText()).isEqualTo("succeeded");
        assertThat(notice.path("labels").path("trigger").asText()).isEqualTo("jail_imminent");
        assertThat(notice.path("description").asText()).startsWith("exit 0. Its effect: run /bin/sh -c echo \"$VALWATCH_SUBJECT ");

        CliRun status = CliRun.of("actions", "status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.err()).isEqualTo(1);
        assertThat(status.out()).contains("fence", "disarmed", "succeeded", "DISARMED fence since");
        // The engine's memory, served over HTTP, and the state directory, read by the CLI, agree.
        JsonNode served = new ObjectMapper().readTree(get(exporter.port(), "/api/v1/status")).path("actions");
        JsonNode onDisk = new ObjectMapper().readTree(
            CliRun.of("actions", "status", "--config", config.toString(), "--output", "json").out()).path("actions");
        assertThat(served).hasSize(1);
        assertThat(served.get(0).path("armed").asBoolean()).isFalse();
        assertThat(served.get(0).path("last_attempt").path("outcome").asText()).isEqualTo("succeeded");
        served.get(0).properties().forEach(f -> {
          JsonNode cli = onDisk.get(0).get(f.getKey());
          if (f.getKey().equals("last_attempt")) {
            f.getValue().properties().forEach(e -> assertThat(cli.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue()));
          } else {
            assertThat(cli).as(f.getKey()).isEqualTo(f.getValue());
          }
        });
        CliRun rearm = CliRun.of("actions", "rearm", "fence", "--config", config.toString());
        assertThat(rearm.exitCode()).as(rearm.err()).isZero();
        assertThat(rearm.out()).contains("fence: re-arm requested");
        await(() -> sample(exporter.port(), "valwatch_action_armed{action=\"fence\"}").equals("1.0"), "re-armed");
        assertThat(state.resolve("actions.rearm").resolve("fence")).doesNotExist();
        CliRun json = CliRun.of("actions", "status", "--config", config.toString(), "--output", "json");
        assertThat(json.exitCode()).isZero();
        JsonNode action = new ObjectMapper().readTree(json.out()).path("actions").path(0);
        assertThat(action.path("armed").asBoolean()).isTrue();
        assertThat(action.path("last_attempt").path("outcome").asText()).isEqualTo("succeeded");
      }

      // Re-armed, restarted while dorado is still offline: the episode goes on, and nothing runs again.
      try (Exporter exporter = start(config)) {
        long until = chain.latestHeight() + 15;
        produceUntil(chain, until, () -> false);
        await(() -> !sample(exporter.port(), "valwatch_chain_height{chain_id=\"actions-1\"}").isEmpty()
            && Double.parseDouble(sample(exporter.port(), "valwatch_chain_height{chain_id=\"actions-1\"}")) >= until - 1,
            "height " + (until - 1));
        assertThat(sample(exporter.port(), "valwatch_actions_total{action=\"fence\",outcome=\"succeeded\"}"))
            .isEqualTo("0.0");
        assertThat(sample(exporter.port(), "valwatch_action_armed{action=\"fence\"}")).isEqualTo("1.0");
      }
      assertThat(Files.readAllLines(ran)).hasSize(1);
    }
  }

  /**
   * The second endpoint is down when jail_imminent fires, so the action waits, unconfirmed; valwatch restarts;
   * the endpoint comes back, confirms that the validator still misses, and the action runs for that episode,
   * although the alert is not sent again after the restart.
   */
  @Test
  void anEpisodeWaitingForTheSecondEndpointRunsWhenItAnswersAfterARestart() throws Exception {
    // Window 200, at most 100 misses: critical at 10 left (90 misses, height 110), jailed at 101 (height 121).
    SimulatedChain chain = doradoOffline("actions-2", 200);
    String dorado = chain.truth().validator("dorado").operatorAddress();
    Path ran = work.resolve("ran.txt");
    Path state = work.resolve("state");
    SimnetServer reserved = SimnetServer.start(chain);
    int secondPort = reserved.port();
    String second = reserved.url();
    reserved.close();
    try (SimnetServer a = SimnetServer.start(chain)) {
      Path config = config(state, chain, a.url(), second, dorado, """
            - name: fence
              on: {kinds: [jail_imminent], min_severity: critical}
              run:
                command: [/bin/sh, -c, 'echo "$VALWATCH_EPISODE" >> "$0"', %s]
                timeout: 10s
          """.formatted(ran));

      String unconfirmed = "valwatch_actions_total{action=\"fence\",outcome=\"unconfirmed\"}";
      try (Exporter exporter = start(config)) {
        chain.produceBlocks(100 - (int) chain.latestHeight());
        while (!sample(exporter.port(), unconfirmed).equals("1.0")) {
          assertThat(chain.latestHeight()).as("unconfirmed before dorado is jailed").isLessThan(118);
          chain.produceBlocks(1);
          Thread.sleep(200);
        }
      }
      assertThat(ran).doesNotExist();
      assertThat(Files.readString(state.resolve("actions.json"))).contains("\"awaiting\"", dorado);
      CliRun status = CliRun.of("actions", "status", "--config", config.toString());
      assertThat(status.exitCode()).as("armed, though held back").isZero();
      assertThat(status.out()).contains("HELD BACK fence for episode actions-2/" + dorado + "/jail_imminent@")
          .contains("(unconfirmed)");

      try (Exporter exporter = start(config)) {
        long until = chain.latestHeight() + 2;
        chain.produceBlocks(2);
        String height = "valwatch_chain_height{chain_id=\"actions-2\"}";
        await(() -> !sample(exporter.port(), height).isEmpty()
            && Double.parseDouble(sample(exporter.port(), height)) >= until - 1, "height " + (until - 1));
        assertThat(ran).as("still no second endpoint").doesNotExist();
        try (SimnetServer back = SimnetServer.builder(chain).port(secondPort).start()) {
          assertThat(back.url()).as("back at the configured address").isEqualTo(second);
          await(() -> Files.exists(ran), "the action ran once the second endpoint answered");
          await(() -> sample(exporter.port(), "valwatch_actions_total{action=\"fence\",outcome=\"succeeded\"}")
              .equals("1.0"), "counted");
        }
        assertThat(sample(exporter.port(), unconfirmed)).as("reported before the restart, not again").isEqualTo("0.0");
      }
      assertThat(Files.readAllLines(ran)).singleElement()
          .satisfies(episode -> assertThat(episode).startsWith("actions-2/" + dorado + "/jail_imminent@"));
      assertThat(chain.truth().validator("dorado").jailed()).as("it ran before the jail").isFalse();
    }
  }

  @BeforeEach
  void webhookAnswers() {
    for (int i = 0; i < 100; i++) {
      webhook.enqueue(new MockResponse.Builder().code(200).build());
    }
  }

  /** Three validators at two blocks; dorado, the smallest, is offline from height 20 to 400. */
  private static SimulatedChain doradoOffline(String chainId, long window) {
    SimulatedChain chain = SimulatedChain.builder()
        .chainId(chainId)
        .signedBlocksWindow(window)
        .validator("alpha", 30_000_000)
        .validator("bravo", 20_000_000)
        .validator("dorado", 10_000_000)
        .offline("dorado", 20, 400)
        .build();
    chain.produceBlocks(2);
    return chain;
  }

  /** A configuration watching {@code validator} on two endpoints, alerting the webhook, with {@code actions}. */
  private Path config(Path state, SimulatedChain chain, String first, String second, String validator, String actions)
      throws Exception {
    return Files.writeString(work.resolve("valwatch.yaml"), """
        listen: 127.0.0.1:0
        state_dir: %s
        chains:
          - id: %s
            rpc: [%s, %s]
            validators:
              - address: %s
                label: dorado
            poll_interval: 100ms
            staking_refresh_interval: 1s
            endpoint_check_interval: 1s
            websocket: false
            start_height: 1
            risk: {critical_time: 0s}
        alerts:
          channels:
            - name: ops
              type: webhook
              url: %s
        actions:
        """.formatted(state, chain.chainId(), first, second, validator, webhook.url("/hook")) + actions);
  }

  private static Exporter start(Path config) {
    CommandLine commandLine = new CommandLine(new RunCommand());
    commandLine.parseArgs("--config", config.toString());
    RunCommand run = commandLine.getCommand();
    return run.start(run.effectiveConfig());
  }

  /** The first notice of an action the webhook received. */
  private JsonNode actionNotice() throws Exception {
    List<String> kinds = new ArrayList<>();
    for (RecordedRequest r; (r = webhook.takeRequest(10, TimeUnit.SECONDS)) != null; ) {
      JsonNode body = new ObjectMapper().readTree(r.getBody().utf8());
      if (body.path("kind").asText().startsWith("action_")) {
        return body;
      }
      kinds.add(body.path("kind").asText());
    }
    throw new AssertionError("no action notice; received " + kinds);
  }

  /** Makes blocks, a few at a time, until {@code done} or the height. */
  private static void produceUntil(SimulatedChain chain, long height, BooleanSupplier done) throws InterruptedException {
    while (chain.latestHeight() < height && !done.getAsBoolean()) {
      chain.produceBlocks(2);
      Thread.sleep(150);
    }
    await(() -> done.getAsBoolean() || chain.latestHeight() >= height, "height " + height);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private String get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** A series' value on /metrics, or "" when absent. */
  private String sample(int port, String series) {
    try {
      for (String line : get(port, "/metrics").split("\n")) {
        if (line.startsWith(series + " ")) {
          return line.substring(series.length() + 1);
        }
      }
      return "";
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
