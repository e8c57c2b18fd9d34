package io.valwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.fault.FaultProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shared steps of the end-to-end fault tests: a chain with misses and nil votes produced live, the real
 * exporter watching it through fault proxies, and the final check that every count equals the truth.
 */
final class FaultSuite {
  static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");
  /** Fast enough that a test sees hundreds of heights in seconds; as slow as the 50 ms poll interval. */
  static final Duration BLOCK_TIME = Duration.ofMillis(50);
  private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

  private FaultSuite() {}

  /** Four validators: bob misses 30..69, carol votes nil 20..39, dave misses 100..119. */
  static SimulatedChain chain(String chainId) {
    return SimulatedChain.builder()
        .chainId(chainId)
        .validator("alice", 40_000_000)
        .validator("bob", 30_000_000)
        .validator("carol", 20_000_000)
        .validator("dave", 10_000_000)
        .offline("bob", 30, 69)
        .nilVotes("carol", 20, 39)
        .offline("dave", 100, 119)
        .build();
  }

  /** A running chain producing a block every {@link #BLOCK_TIME}. */
  static LiveChain live(String chainId) throws IOException {
    return new LiveChain(chain(chainId), BLOCK_TIME);
  }

  /**
   * One chain of the exporter's configuration: the given RPC URLs in order, from height 1, polling every
   * 50 ms, checking endpoints every second, tracking {@link #NAMES} labelled by name.
   */
  static String chainYaml(LiveChain chain, boolean websocket, String... rpc) {
    StringBuilder yaml = new StringBuilder()
        .append("  - id: ").append(chain.chain().chainId()).append('\n')
        .append("    plugin: cosmos-sdk\n")
        .append("    rpc:\n");
    for (String url : rpc) {
      yaml.append("      - \"").append(url).append("\"\n");
    }
    yaml.append("    start_height: 1\n")
        .append("    poll_interval: 50ms\n")
        .append("    endpoint_check_interval: 1s\n")
        .append("    staking_refresh_interval: 1h\n")
        .append("    governance_refresh_interval: 1h\n")
        .append("    websocket: ").append(websocket).append('\n')
        .append("    validators:\n");
    for (String name : NAMES) {
      yaml.append("      - {address: ").append(chain.chain().truth().validator(name).operatorAddress())
          .append(", label: ").append(name).append("}\n");
    }
    return yaml.toString();
  }

  /** Starts the exporter on one chain with a 256 MiB heap. */
  static ExporterProcess exporter(Path dir, LiveChain chain, boolean websocket, String... rpc) throws IOException {
    return ExporterProcess.start(dir, "256m", chainYaml(chain, websocket, rpc));
  }

  /** A test's steps once the exporter processes the chain through the proxy. */
  interface Steps {
    void run(LiveChain chain, FaultProxy proxy, ExporterProcess exporter) throws Exception;
  }

  /**
   * Runs {@code steps} with a live chain {@code chainId}, one proxy in front of it and the exporter watching
   * through it, once the exporter has processed 20 heights; closes all three afterwards.
   */
  static void throughOneProxy(Path dir, String chainId, boolean websocket, Steps steps) throws Exception {
    try (LiveChain chain = live(chainId);
        FaultProxy proxy = FaultProxy.start(chain.server());
        ExporterProcess exporter = exporter(dir, chain, websocket, proxy.url())) {
      chain.run();
      awaitProcessed(exporter, chainId, 20);
      steps.run(chain, proxy, exporter);
    }
  }

  /** The last height the exporter processed, or -1 before the first. */
  static long processedHeight(ExporterProcess exporter, String chainId) {
    Double height = exporter.metrics().value("valwatch_chain_height", "chain_id", chainId);
    return height == null ? -1 : height.longValue();
  }

  /** Waits until the exporter processed {@code height} or more. */
  static void awaitProcessed(ExporterProcess exporter, String chainId, long height) {
    awaitExporter(exporter, e -> processedHeight(e, chainId) >= height, "processed height " + height);
  }

  /** Waits until {@code /readyz} answers 200 ({@code ready}) or 503. */
  static void awaitReadiness(ExporterProcess exporter, boolean ready) {
    awaitExporter(exporter, e -> e.readyz().code() == (ready ? 200 : 503), ready ? "/readyz 200" : "/readyz 503");
  }

  static void awaitExporter(ExporterProcess exporter, Predicate<ExporterProcess> condition, String what) {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (!holds(condition, exporter)) {
      if (!exporter.alive()) {
        throw new AssertionError("the exporter died waiting for " + what + ":\n" + tail(exporter.log()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + WAIT_LIMIT + "; /readyz " + readyzOrError(exporter)
            + "\nlog:\n" + tail(exporter.log()));
      }
      ExporterProcess.sleep(50);
    }
  }

  /** A condition on the exporter's answers; an exporter that does not answer does not meet it. */
  private static boolean holds(Predicate<ExporterProcess> condition, ExporterProcess exporter) {
    try {
      return condition.test(exporter);
    } catch (java.io.UncheckedIOException e) {
      return false;
    }
  }

  /**
   * Stops the chain and asserts what an exporter that started at height 1 and ran throughout must show: every
   * height below the latest processed once, no gap, and each validator's signed, missed, nil and proposed
   * counts equal to the simulator's truth; and {@code /readyz} 200.
   */
  static void assertExactAfterHealing(ExporterProcess exporter, LiveChain chain) {
    chain.pause();
    String chainId = chain.chain().chainId();
    long last = chain.latestHeight() - 1;
    awaitProcessed(exporter, chainId, last);
    Samples m = exporter.metrics();
    assertThat(m.value("valwatch_chain_height", "chain_id", chainId)).as("processed height").isEqualTo((double) last);
    assertThat(m.value("valwatch_chain_blocks_processed_total", "chain_id", chainId))
        .as("heights processed, each once").isEqualTo((double) last);
    assertThat(m.value("valwatch_chain_gap_blocks_total", "chain_id", chainId)).as("gap heights").isZero();
    for (String name : NAMES) {
      ChainHistory.Counts truth = chain.history().expected(name, 1, last);
      ChainHistory.Counts seen = new ChainHistory.Counts(
          count(m, "valwatch_validator_signed_blocks_total", chainId, name),
          count(m, "valwatch_validator_missed_blocks_total", chainId, name),
          count(m, "valwatch_validator_nil_votes_total", chainId, name),
          count(m, "valwatch_validator_proposed_blocks_total", chainId, name));
      assertThat(seen).as("signed, missed, nil and proposed of %s over 1..%d", name, last).isEqualTo(truth);
    }
    awaitReadiness(exporter, true);
  }

  private static long count(Samples m, String metric, String chainId, String label) {
    Double v = m.value(metric, "chain_id", chainId, "label", label);
    assertThat(v).as("%s of %s", metric, label).isNotNull();
    return v.longValue();
  }

  private static String readyzOrError(ExporterProcess exporter) {
    try {
      return exporter.readyz().toString();
    } catch (java.io.UncheckedIOException e) {
      return "unanswered: " + e.getCause();
    }
  }

  static String tail(String log) {
    return log.length() <= 8_000 ? log : "…" + log.substring(log.length() - 8_000);
  }
}
