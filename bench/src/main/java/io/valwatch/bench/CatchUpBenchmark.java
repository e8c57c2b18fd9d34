package io.valwatch.bench;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Measures the watcher against a simulated chain on 127.0.0.1: how fast it catches up, what a height costs
 * in requests once it is live, and how much heap it keeps. Prints one table per part.
 *
 * <p>Arguments: {@code --blocks 5000,20000} and {@code --validators 50,150} (the catch-up cases, every
 * combination), {@code --repetitions N} (default 3) and {@code --steady-blocks N} (default 40).
 */
public final class CatchUpBenchmark {
  private static final List<String> METHODS = List.of("block", "validators", "status", "abci_query", "commit");
  private static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

  private CatchUpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int repetitions = Args.intArg(args, "--repetitions", 3);
    int steadyBlocks = Args.intArg(args, "--steady-blocks", 40);
    List<Integer> blockCounts = Args.intList(args, "--blocks", "5000,20000");
    List<Integer> validatorCounts = Args.intList(args, "--validators", "50,150");
    System.out.printf(Locale.ROOT, "java %s, %d processors, max heap %d MiB%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    System.out.printf(Locale.ROOT, "%nwarm-up: %d blocks, %d validators%n", blockCounts.get(0), validatorCounts.get(0));
    catchUp(blockCounts.get(0), validatorCounts.get(0));

    System.out.println("\n(a) catch-up, polling, from height 1 (mean ± standard deviation over " + repetitions + " runs)");
    System.out.println("blocks | validators | blocks/s            | /block per height | watcher heap after catch-up (MiB)");
    for (int[] c : cases(blockCounts, validatorCounts)) {
      List<Double> rates = new ArrayList<>();
      List<Double> heaps = new ArrayList<>();
      double blockRequestsPerHeight = 0;
      for (int i = 0; i < repetitions; i++) {
        CatchUpRun run = catchUp(c[0], c[1]);
        rates.add(c[0] / (run.nanos() / 1e9));
        heaps.add(run.retainedBytes() / (1024.0 * 1024.0));
        blockRequestsPerHeight = (double) run.blockRequests() / c[0];
      }
      System.out.printf(Locale.ROOT, "%6d | %10d | %s | %17.4f | %s%n",
          c[0], c[1], spread(rates, "%7.0f"), blockRequestsPerHeight, spread(heaps, "%5.2f"));
    }

    System.out.println("\n(b) requests per processed height at steady state, 150 validators, "
        + steadyBlocks + " blocks at one per 600 ms, poll interval 200 ms");
    System.out.println("mode      | " + String.join(" | ", METHODS));
    for (boolean websocket : new boolean[] {false, true}) {
      Map<String, Double> perHeight = steadyState(websocket, steadyBlocks);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", websocket ? "websocket" : "polling"));
      for (String m : METHODS) {
        line.append(String.format(Locale.ROOT, " | %.3f", perHeight.get(m)));
      }
      System.out.println(line);
    }
  }

  private record CatchUpRun(long nanos, long retainedBytes, long blockRequests) {}

  /** Catches up {@code blocks} heights of a chain with {@code validators} validators, over HTTP polling. */
  private static CatchUpRun catchUp(int blocks, int validators) throws IOException {
    SimulatedChain chain = chain(validators, Duration.ofSeconds(1));
    chain.produceBlocks(blocks + 1);
    try (SimnetServer server = SimnetServer.builder(chain).websocket(false).start()) {
      long before = usedHeapAfterGc();
      ChainSpec spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(server.url())
              .startHeight(1)
              .backfillLimit(blocks + 1L)
              .websocket(false)
              .pollInterval(Duration.ofMillis(50))
              .stakingRefreshInterval(Duration.ofHours(1))
              .endpointCheckInterval(Duration.ofHours(1))
              .track(chain.truth().validator("v0").operatorAddress())
              .track(chain.truth().validator("v1").operatorAddress())
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        long start = System.nanoTime();
        watcher.start();
        awaitProcessed(watcher, chain.chainId(), blocks);
        long nanos = System.nanoTime() - start;
        long retained = usedHeapAfterGc() - before;
        return new CatchUpRun(nanos, retained, server.requestCount("block"));
      }
    }
  }

  /** Requests per height while the chain produces blocks in real time and the watcher keeps up. */
  private static Map<String, Double> steadyState(boolean websocket, int steadyBlocks) throws IOException {
    SimulatedChain chain = chain(150, Duration.ofMillis(600));
    chain.produceBlocks(10);
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(server.url())
              .startHeight(1)
              .websocket(websocket)
              .pollInterval(Duration.ofMillis(200))
              .stakingRefreshInterval(Duration.ofHours(1))
              .endpointCheckInterval(Duration.ofHours(1))
              .track(chain.truth().validator("v0").operatorAddress())
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        long live = awaitProcessed(watcher, chain.chainId(), 9).latestHeight().getAsLong();
        if (websocket) {
          awaitTrue(() -> server.requestCount("subscribe") > 0);
        }
        Map<String, Long> before = counts(server);
        chain.startProducing(producer);
        long end = live + steadyBlocks;
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), end);
        chain.stopProducing();
        Map<String, Long> after = counts(server);
        long heights = status.latestHeight().getAsLong() - live;
        Map<String, Double> perHeight = new LinkedHashMap<>();
        for (String m : METHODS) {
          perHeight.put(m, (after.get(m) - before.get(m)) / (double) heights);
        }
        return perHeight;
      }
    } finally {
      producer.shutdownNow();
    }
  }

  /** Validators v0..v(n-1) with distinct stakes; v1 is offline for a stretch, v2 votes nil for one. */
  private static SimulatedChain chain(int validators, Duration blockInterval) {
    SimulatedChain.Builder b =
        SimulatedChain.builder().chainId("bench-1").blockInterval(blockInterval).maxValidators(validators);
    for (int i = 0; i < validators; i++) {
      b.validator("v" + i, 1_000_000L * (1_000 + validators - i));
    }
    return b.offline("v1", 100, 130).nilVotes("v2", 200, 260).build();
  }

  private static Map<String, Long> counts(SimnetServer server) {
    Map<String, Long> counts = new LinkedHashMap<>();
    METHODS.forEach(m -> counts.put(m, server.requestCount(m)));
    return counts;
  }

  private static ChainStatus awaitProcessed(Watcher watcher, String chainId, long height) {
    return Args.awaitProcessed(watcher, chainId, height, WAIT_LIMIT);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("condition not met within " + WAIT_LIMIT);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String spread(List<Double> values, String format) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.size() - 1);
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, format + " ± " + format + " (" + format + ".." + format + ")",
        mean, Math.sqrt(variance), min, max);
  }

  private static List<int[]> cases(List<Integer> blockCounts, List<Integer> validatorCounts) {
    List<int[]> cases = new ArrayList<>();
    for (int blocks : blockCounts) {
      for (int validators : validatorCounts) {
        cases.add(new int[] {blocks, validators});
      }
    }
    return cases;
  }
}
