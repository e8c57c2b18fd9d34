package io.valwatch.exporter.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.valwatch.simnet.Scenarios;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kiln cosmos-validator-watcher's board, unchanged, on valwatch: a real Prometheus scrapes {@code valwatch run
 * --node … --validator … --compat kiln} (flags only, as kiln is run) watching the simulated chain, and every
 * PromQL query of the board kiln's README points to must answer with data.
 */
@Timeout(240)
class KilnBoardAgainstPrometheusTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(120);
  private static final Pattern METRICS_URL = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path workDir;

  /** A query of the board: where it is and its PromQL. */
  private record Query(String where, String expr) {}

  @Test
  void everyQueryOfKilnsBoardReturnsData() throws Exception {
    List<Query> queries = boardQueries();
    SimulatedChain chain =
        Scenarios.demo()
            .blockInterval(Duration.ofMillis(500))
            .proposal(1, "Raise the block gas limit", 1, 1_000_000)
            .vote("Borealis Nodes", 1, 3)
            .upgradePlan("v2.0.0", 1_000_000, "", 1)
            .build();
    List<ValidatorTruth> watched =
        List.of(
            chain.truth().validator("Dorado Infra"),
            chain.truth().validator("Borealis Nodes"),
            chain.truth().validator("Aurora Staking"));
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    try (SimnetServer node = SimnetServer.start(chain)) {
      chain.startProducing(producer);
      List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
          "io.valwatch.exporter.Main", "run", "--node", node.url(), "--compat", "kiln", "--listen", "127.0.0.1:0",
          "--log-level", "WARN"));
      for (ValidatorTruth v : watched) {
        command.addAll(List.of("--validator", v.consensusAddressHex() + ":" + v.name()));
      }
      try (ChildProcess exporter = ChildProcess.start("exporter", command, workDir);
          PrometheusServer prometheus =
              PrometheusServer.start(writePrometheusConfig(exporter.awaitNumber(METRICS_URL, STARTUP)), workDir)) {
        checkEveryQuery(prometheus, exporter, queries, chain.chainId());
      }
    } finally {
      chain.stopProducing();
      producer.shutdownNow();
    }
  }

  private static void checkEveryQuery(PrometheusServer prometheus, ChildProcess exporter, List<Query> queries, String chainId)
      throws Exception {
    Instant deadline = Instant.now().plus(DATA_DEADLINE);
    while (true) {
      // The board's only variable: label_values(cosmos_validator_watcher_block_height, chain_id).
      JsonNode series =
          prometheus.get(
              "/api/v1/series?match[]=" + PrometheusServer.encode("cosmos_validator_watcher_block_height"), "chain_id");
      List<String> chainIds = new ArrayList<>();
      series.path("data").forEach(s -> chainIds.add(s.path("chain_id").asText()));
      List<String> empty = new ArrayList<>();
      if (chainIds.isEmpty()) {
        empty.add("variable chain_id has no values");
      } else {
        assertThat(chainIds).containsOnly(chainId);
        for (Query query : queries) {
          String expr = query.expr().replace("$chain_id", chainId);
          if (prometheus.query(expr, query.where()).isEmpty()) {
            empty.add(query.where() + ": " + expr);
          }
        }
      }
      if (empty.isEmpty()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        fail("queries still without data after " + DATA_DEADLINE.toSeconds() + " s:\n  " + String.join("\n  ", empty)
            + "\nexporter output:\n" + exporter.output());
      }
      prometheus.checkAlive();
      exporter.checkAlive();
      Thread.sleep(1_000);
    }
  }

  private static List<Query> boardQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    try (InputStream in = KilnBoardAgainstPrometheusTest.class.getResourceAsStream("kiln-dashboard-queries.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" \\| ", 3);
        queries.add(new Query(parts[0] + " (" + parts[1] + ")", parts[2]));
      }
    }
    assertThat(queries).hasSize(26);
    return queries;
  }

  private Path writePrometheusConfig(int exporterPort) throws IOException {
    return Files.writeString(
        workDir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: cosmos-validator-watcher
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(exporterPort));
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
