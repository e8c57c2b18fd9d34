package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.exporter.config.ListenAddress;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code run --node … --validator …} stands for a configuration file: printed, it is that file, and against
 * the simulated chain it exports the same metrics as the file it prints.
 */
@Timeout(120)
class FlagsOnlyRunTest {
  private static final int BLOCKS_BEFORE = 30;
  private static final int BLOCKS_WATCHED = 40;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Logger runnerLog = (Logger) LoggerFactory.getLogger("io.valwatch.internal.ChainRunner");

  @TempDir Path work;

  @Test
  void printsTheFileTheFlagsStandFor() {
    CliRun run =
        CliRun.of(
            "run", "--node", "http://127.0.0.1:1/", "--node", "http://127.0.0.1:2/", "--validator", "ABCDEF:main",
            "--validator", "cosmosvaloper1xyz", "--chain-id", "cosmoshub-4", "--namespace", "kiln", "--denom", "ATOM",
            "--denom-exponent", "6", "--log-level", "info", "--print-config");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            chains:
            - id: cosmoshub-4
              rpc:
              - http://127.0.0.1:1/
              - http://127.0.0.1:2/
              validators:
              - address: ABCDEF
                label: main
              - cosmosvaloper1xyz
              denom: ATOM
              exponent: 6
            compat:
            - name: kiln
              namespace: kiln
            """);
  }

  @Test
  void allValidatorsStandsForNetworkMode() {
    CliRun run =
        CliRun.of("run", "--node", "http://127.0.0.1:1/", "--all-validators", "--chain-id", "cosmoshub-4", "--print-config");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            chains:
            - id: cosmoshub-4
              rpc:
              - http://127.0.0.1:1/
              validators: all
            """);

    CliRun both =
        CliRun.of("run", "--node", "http://127.0.0.1:1/", "--all-validators", "--validator", "ABCDEF", "--chain-id", "x");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--all-validators tracks every validator of the set: give it or --validator, not both");
  }

  @Test
  void kilnsHttpAddrIsTheListenAddress() {
    RunCommand run = parse("--node", "http://127.0.0.1:1/", "--chain-id", "cosmoshub-4", "--http-addr", ":8080");

    assertThat(run.effectiveConfig().listen()).isEqualTo(new ListenAddress("0.0.0.0", 8080));
  }

  @Test
  void flagsAreAUsageErrorWhenIncompleteOrNextToAFile() {
    CliRun none = CliRun.of("run");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("give --config <file>, or --node <url>");

    CliRun both = CliRun.of("run", "--config", "valwatch.yaml", "--node", "http://127.0.0.1:1/");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("describe a chain without --config");

    CliRun compat = CliRun.of("run", "--node", "http://127.0.0.1:1/", "--chain-id", "x", "--compat", "tenderduty");
    assertThat(compat.exitCode()).isEqualTo(2);
    assertThat(compat.err()).contains("--compat: unknown exporter 'tenderduty'; known: kiln");

    // Refused values are reported like a file's, naming the flag's place in the file it stands for.
    CliRun namespace =
        CliRun.of("run", "--node", "http://127.0.0.1:1/", "--chain-id", "x", "--namespace", "9lives", "--listen", "127.0.0.1:0");
    assertThat(namespace.exitCode()).isEqualTo(2);
    assertThat(namespace.err()).contains("the command line:", "compat[0].namespace: '9lives' is not a metric name prefix");

    CliRun exponentAlone =
        CliRun.of("run", "--node", "http://127.0.0.1:1/", "--chain-id", "x", "--denom-exponent", "6", "--listen", "127.0.0.1:0");
    assertThat(exponentAlone.exitCode()).isEqualTo(2);
    assertThat(exponentAlone.err()).contains("the command line:", "chains[0].exponent: needs 'denom' too");

    CliRun unreachable = CliRun.of("run", "--node", "http://127.0.0.1:1/", "--validator", "ABCDEF");
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("no --chain-id given and no --node told it", "give --chain-id");
  }

  @Test
  void flagsAndTheFileTheyStandForExportTheSameMetrics() throws Exception {
    SimulatedChain chain = Scenarios.demo().build();
    chain.produceBlocks(BLOCKS_BEFORE);
    Map<String, ValidatorTruth> validators = chain.truth().validators();
    ValidatorTruth offline = validators.get("Dorado Infra");
    ValidatorTruth nil = validators.get("Borealis Nodes");

    try (SimnetServer node = SimnetServer.start(chain)) {
      // No --chain-id: the node tells it, as the file says it.
      RunCommand flags =
          parse(
              "--node", node.url(), "--validator", offline.consensusAddressHex() + ":dorado", "--validator",
              nil.operatorAddress(), "--compat", "kiln", "--listen", "127.0.0.1:0");
      Path file =
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
                    - %s
              compat: [kiln]
              """
                  .formatted(chain.chainId(), node.url(), offline.consensusAddressHex(), nil.operatorAddress()));
      RunCommand fromFile = parse("--config", file.toString());

      ExporterConfig flagsConfig = flags.effectiveConfig();
      ListAppender<ILoggingEvent> starts = new ListAppender<>();
      starts.start();
      runnerLog.addAppender(starts);
      // Another test may have left the root logger above INFO.
      Level level = runnerLog.getLevel();
      runnerLog.setLevel(Level.INFO);
      try (Exporter a = flags.start(flagsConfig);
          Exporter b = fromFile.start(fromFile.effectiveConfig())) {
        awaitFirstStarts(starts, 2);
        // Both start at the same latest height; they now follow the same blocks.
        chain.produceBlocks(BLOCKS_WATCHED);
        long last = chain.latestHeight() - 1;
        Map<String, String> fromFlags = awaitSameScrapes(a.port(), b.port(), last);

        assertThat(flagsConfig.chains()).singleElement().satisfies(c -> assertThat(c.chainId()).isEqualTo(chain.chainId()));
        // The demo's offline validator misses every height watched; kiln's count is valwatch's.
        String kilnMissed =
            fromFlags.get(
                "cosmos_validator_watcher_missed_blocks{address=\"" + offline.consensusAddressHex() + "\",chain_id=\""
                    + chain.chainId() + "\",name=\"dorado\"}");
        assertThat(Double.parseDouble(kilnMissed)).isPositive();
        assertThat(fromFlags)
            .containsEntry(
                "valwatch_validator_missed_blocks_total{chain_id=\"" + chain.chainId() + "\",label=\"dorado\",moniker=\""
                    + offline.name() + "\",validator=\"" + offline.operatorAddress() + "\"}",
                kilnMissed)
            .containsKey(
                "cosmos_validator_watcher_validated_blocks{address=\"" + nil.consensusAddressHex() + "\",chain_id=\""
                    + chain.chainId() + "\",name=\"" + nil.consensusAddressHex() + "\"}");
      } finally {
        runnerLog.detachAppender(starts);
        runnerLog.setLevel(level);
      }
    }
  }

  private static void awaitFirstStarts(ListAppender<ILoggingEvent> log, int watchers) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (List.copyOf(log.list).stream().filter(e -> e.getFormattedMessage().contains("first start")).count() < watchers) {
      assertThat(System.nanoTime()).as("both watchers chose their first height").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /**
   * Scrapes both exporters until each has processed {@code last} and they export the same valwatch and kiln
   * series (request counts aside, which depend on timing); the common samples.
   */
  private Map<String, String> awaitSameScrapes(int portA, int portB, long last) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String height = "valwatch_chain_height{chain_id=\"";
    while (true) {
      Map<String, String> a = samples(portA);
      Map<String, String> b = samples(portB);
      boolean caughtUp =
          a.entrySet().stream().anyMatch(e -> e.getKey().startsWith(height) && e.getValue().equals(last + ".0"));
      if (caughtUp && a.equals(b)) {
        return a;
      }
      if (System.nanoTime() > deadline) {
        assertThat(a).as("flags-only run against the file it stands for, at height " + last).isEqualTo(b);
      }
      Thread.sleep(200);
    }
  }

  private Map<String, String> samples(int port) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, String> samples = new TreeMap<>();
    for (String line : response.body().split("\n")) {
      // Endpoint series follow each exporter's own checks and requests, not the blocks.
      if (!(line.startsWith("valwatch_") || line.startsWith("cosmos_validator_watcher_"))
          || line.startsWith("valwatch_endpoint_")
          || line.startsWith("cosmos_validator_watcher_node_")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), line.substring(space + 1));
    }
    return samples;
  }

  private static RunCommand parse(String... args) {
    CommandLine commandLine = new CommandLine(new RunCommand());
    commandLine.parseArgs(args);
    return commandLine.getCommand();
  }
}
