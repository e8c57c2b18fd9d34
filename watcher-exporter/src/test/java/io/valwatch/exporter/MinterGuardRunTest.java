package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.simnet.minter.MinterValidatorTruth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@code run} with a Minter validator's {@code guard:} against the simulated chain: the validator goes
 * offline, the exporter broadcasts its pre-signed transaction once, the chain switches it off before the
 * penalty, and the webhook hears the outcome, never the transaction.
 */
@Timeout(120)
class MinterGuardRunTest {
  @StartStop final MockWebServer hook = new MockWebServer();
  @TempDir Path work;

  @Test
  void theGuardOfTheConfigurationSwitchesTheValidatorOffOnce() throws Exception {
    for (int i = 0; i < 50; i++) {
      hook.enqueue(new MockResponse.Builder().code(200).build());
    }
    MinterChain chain = MinterChain.builder().jailBlocks(30).candidate("alice", 3_000).candidate("bob", 2_000)
        .candidate("carol", 1_000).offline("bob", 10, 200).build();
    chain.produceUntil(5);
    String tx = chain.transaction("bob").candidateOff("bob").sign();
    Path txFile = Files.writeString(work.resolve("bob-off.tx"), tx + "\n");
    try (MinterApiServer api = MinterApiServer.start(chain)) {
      Path config = Files.writeString(work.resolve("valwatch.yaml"), """
          listen: 127.0.0.1:0
          state_dir: %s
          chains:
            - id: %s
              plugin: minter
              rpc: [%s]
              start_height: 1
              websocket: false
              poll_interval: 50ms
              validators:
                - address: %s
                  label: bob
                  guard: {tx_file: %s, missed: 4, of: 24, check_interval: 1s}
          alerts:
            channels:
              - {name: hook, type: webhook, url: "%s"}
          """.formatted(work.resolve("state"), chain.network(), api.url(), chain.publicKey("bob"), txFile,
          hook.url("/hook")));
      CommandLine commandLine = new CommandLine(new RunCommand());
      commandLine.parseArgs("--config", config.toString());
      RunCommand run = commandLine.getCommand();

      try (Exporter exporter = run.start(run.effectiveConfig())) {
        String armed = "valwatch_guard_armed{chain_id=\"" + chain.network() + "\",validator=\"" + chain.publicKey("bob")
            + "\"} ";
        awaitSample(exporter, armed + "1.0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (chain.truth().candidate("bob").status() == 2 && System.nanoTime() < deadline
            && chain.latestHeight() < 40) {
          chain.produceBlocks(1);
          Thread.sleep(200);
        }
        chain.produceUntil(45);
        List<String> bodies = new ArrayList<>();
        RecordedRequest r;
        while ((r = hook.takeRequest(5, TimeUnit.SECONDS)) != null) {
          bodies.add(r.getBody() == null ? "" : r.getBody().utf8());
          if (bodies.stream().anyMatch(b -> b.contains("the candidate is off"))) {
            break;
          }
        }
        MinterValidatorTruth bob = chain.truth().candidate("bob");
        assertThat(bob.status()).isEqualTo(1);
        assertThat(bob.jailedUntil()).as("no downtime penalty").isZero();
        assertThat(chain.truth().transactions()).singleElement().satisfies(t -> assertThat(t.code()).isZero());
        assertThat(api.requestCount("send_transaction")).isEqualTo(1);
        String kind = "action_guard-" + chain.publicKey("bob").substring(2, 14);
        assertThat(bodies).anyMatch(b -> b.contains(kind) && b.contains("succeeded") && b.contains("the candidate is off"));
        assertThat(bodies).noneMatch(b -> b.contains(tx.substring(2, 40)));
        assertThat(Files.readString(work.resolve("state").resolve("actions.json"))).doesNotContain(tx.substring(2, 40));

        awaitSample(exporter, armed + "0.0"); // its nonce is used now: the validator is unprotected

        String name = "guard-" + chain.publicKey("bob").substring(2, 14);
        CliRun status = CliRun.of("actions", "status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.err()).isEqualTo(1);
        assertThat(status.out()).contains(name, "disarmed", "succeeded").doesNotContain(tx.substring(2, 40));
        CliRun rearm = CliRun.of("actions", "rearm", name, "--config", config.toString());
        assertThat(rearm.exitCode()).as(rearm.err()).isZero();
        assertThat(rearm.out()).contains(name + ": re-arm requested");
      }
    }
  }

  /** Waits until the exporter's {@code /metrics} has the line {@code sample}. */
  private static void awaitSample(Exporter exporter, String sample) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
      if (body.lines().anyMatch(sample::equals)) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(body.lines().filter(l -> l.startsWith("valwatch_guard_armed"))).as("guard samples").contains(sample);
  }
}
