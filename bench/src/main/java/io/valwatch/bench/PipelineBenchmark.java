package io.valwatch.bench;

import io.valwatch.Watcher;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * (a) Catch-up through a delaying proxy: blocks per second of the watcher with 1 and 8 requests in flight
 * against a bare client that only downloads the same {@code /block} answers with 1 and 8 requests in flight,
 * side by side for each delay, with the ratios. The proxy (the simulator's fault-injection proxy) delays
 * every call by the same fixed time.
 *
 * <p>Arguments: {@code --delays 0,25,50,100} (ms), {@code --validators 150}, {@code --blocks 200} (heights
 * caught up per case), {@code --repetitions 1}, {@code --chain cosmos} (or {@code minter}: the Minter block
 * source against the simulated Minter chain's API v2, at most 64 validators).
 */
public final class PipelineBenchmark {
  private static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> delays = Args.intList(args, "--delays", "0,25,50,100");
    int validators = Args.intArg(args, "--validators", 150);
    int blocks = Args.intArg(args, "--blocks", 200);
    int repetitions = Args.intArg(args, "--repetitions", 1);
    String kind = Args.value(args, "--chain", "cosmos");
    Args.printMachine();
    try (Target target = switch (kind) {
      case "cosmos" -> Target.cosmos(validators, blocks);
      case "minter" -> Target.minter(validators, blocks);
      default -> throw new IllegalArgumentException("--chain is cosmos or minter, got " + kind);
    }) {
      System.out.printf(Locale.ROOT, "warm-up%n");
      try (FaultProxy proxy = FaultProxy.start(target.upstream())) {
        bare(target, proxy.url(), blocks, 8);
        watcher(target, proxy.url(), blocks, 8);
      }
      System.out.printf(Locale.ROOT, "%n(a) catch-up of %d heights, %s, %d validators, blocks/s (best of %d)%n",
          blocks, kind, validators, repetitions);
      System.out.println("delay ms | bare(1) | valwatch(1) | ratio | bare(8) | valwatch(8) | ratio to bare(8)");
      for (int delay : delays) {
        try (FaultProxy proxy = FaultProxy.start(target.upstream())) {
          if (delay > 0) {
            proxy.add(FaultRule.onEveryCall().fault(Fault.latency(Duration.ofMillis(delay))).build());
          }
          double bare1 = 0;
          double bare8 = 0;
          double watch1 = 0;
          double watch8 = 0;
          for (int i = 0; i < repetitions; i++) {
            bare1 = Math.max(bare1, bare(target, proxy.url(), blocks, 1));
            watch1 = Math.max(watch1, watcher(target, proxy.url(), blocks, 1));
            bare8 = Math.max(bare8, bare(target, proxy.url(), blocks, 8));
            watch8 = Math.max(watch8, watcher(target, proxy.url(), blocks, 8));
          }
          System.out.printf(Locale.ROOT, "%8d | %7.1f | %11.1f | %5.2f | %7.1f | %11.1f | %5.2f%n",
              delay, bare1, watch1, watch1 / bare1, bare8, watch8, watch8 / bare8);
        }
      }
    }
  }

  /**
   * The simulated chain served on 127.0.0.1 ({@code upstream}, for the proxy), the URL of one block through the
   * proxy as the watcher asks for it, and the chain spec that reads it through the proxy.
   */
  private record Target(
      String upstream, BiFunction<String, Long, String> block, Function<String, ChainSpec.Builder> spec,
      AutoCloseable server) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      server.close();
    }

    static Target cosmos(int validators, int blocks) throws IOException {
      SimulatedChain chain = chain(validators);
      chain.produceBlocks(blocks + 2);
      SimnetServer server = SimnetServer.builder(chain).websocket(false).start();
      return new Target(server.url(), (proxy, height) -> proxy + "/block?height=" + height,
          proxy -> ChainSpec.builder(chain.chainId())
              .rpcEndpoint(proxy)
              .plugin("cosmos-sdk")
              .governanceRefreshInterval(Duration.ofHours(1))
              .endpointCheckInterval(Duration.ofHours(1))
              .track(chain.truth().validator("v0").operatorAddress()),
          server);
    }

    /** Minter: at most 64 validators; a block is read with the fields the plugin asks for. */
    static Target minter(int validators, int blocks) throws IOException {
      int size = Math.min(validators, 64);
      MinterChain.Builder b = MinterChain.builder().maxValidators(size);
      for (int i = 0; i < size; i++) {
        b.candidate("v" + i, 1_000L * (1_000 + size - i));
      }
      MinterChain chain = b.offline("v1", 100, 105).build();
      chain.produceBlocks(blocks + 2);
      MinterApiServer server = MinterApiServer.start(chain);
      return new Target(server.url(),
          (proxy, height) -> proxy + "/v2/block/" + height + "?fields=validators&fields=proposer",
          proxy -> ChainSpec.builder(chain.network()).rpcEndpoint(proxy + "/v2").plugin("minter")
              .track(chain.publicKey("v0")),
          server);
    }
  }

  /** Downloads the blocks of heights 1..blocks with {@code inFlight} requests at a time; blocks/s. */
  private static double bare(Target target, String proxy, int blocks, int inFlight) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(inFlight, 1, java.util.concurrent.TimeUnit.MINUTES)).build();
    ExecutorService threads = Executors.newFixedThreadPool(inFlight);
    AtomicLong next = new AtomicLong(1);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < inFlight; t++) {
        done.add(threads.submit(() -> {
          for (long h = next.getAndIncrement(); h <= blocks; h = next.getAndIncrement()) {
            Request request = new Request.Builder().url(target.block().apply(proxy, h)).build();
            try (Response response = http.newCall(request).execute()) {
              if (!response.isSuccessful() || response.body().bytes().length == 0) {
                throw new IOException("block " + h + ": HTTP " + response.code());
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return blocks / ((System.nanoTime() - start) / 1e9);
    } finally {
      threads.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /**
   * Catches up heights 1..blocks through the proxy; blocks/s from the first processed height to the last (as
   * the listener sees them), so that start-up (plugin detection, staking data) is not counted.
   */
  private static double watcher(Target target, String proxy, int blocks, int maxInFlight) {
    ChainSpec spec =
        target.spec().apply(proxy)
            .startHeight(1)
            .backfillLimit(blocks + 10L)
            .websocket(false)
            .maxInFlight(maxInFlight)
            .pollInterval(Duration.ofMillis(50))
            .stakingRefreshInterval(Duration.ofHours(1))
            .build();
    long[] firstAndLast = new long[2];
    WatcherListener timing =
        new WatcherListener() {
          @Override
          public void onBlockProcessed(BlockProcessed e) {
            if (e.height() == 1) {
              firstAndLast[0] = System.nanoTime();
            } else if (e.height() == blocks) {
              firstAndLast[1] = System.nanoTime();
            }
          }
        };
    try (Watcher watcher = Watcher.builder().chain(spec).listener(timing).build()) {
      watcher.start();
      Args.awaitProcessed(watcher, spec.chainId(), blocks, WAIT_LIMIT);
      return (blocks - 1) / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
    }
  }

  static SimulatedChain chain(int validators) {
    SimulatedChain.Builder b =
        SimulatedChain.builder().chainId("bench-1").blockInterval(Duration.ofSeconds(1)).maxValidators(validators);
    for (int i = 0; i < validators; i++) {
      b.validator("v" + i, 1_000_000L * (1_000 + validators - i));
    }
    return b.offline("v1", 100, 130).nilVotes("v2", 200, 260).build();
  }
}
