package io.valwatch.bench;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * (d) Push latency: from the moment the simulated chain produces block H to the moment the watcher's status
 * shows height H-1 processed (its votes are in block H), against a bare websocket subscriber that only
 * receives the NewBlock event of H, both subscribed to the same server in the same run.
 *
 * <p>Arguments: {@code --validators 150}, {@code --blocks 40}, {@code --interval-ms 300} (between blocks).
 */
public final class PushLatencyBenchmark {
  private static final Pattern HEIGHT = Pattern.compile("\"chain_id\":\"[^\"]*\",\"height\":\"(\\d+)\"");

  private PushLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int validators = Args.intArg(args, "--validators", 150);
    int blocks = Args.intArg(args, "--blocks", 40);
    int intervalMs = Args.intArg(args, "--interval-ms", 300);
    Args.printMachine();
    SimulatedChain chain = PipelineBenchmark.chain(validators);
    chain.produceBlocks(5);
    Map<Long, Long> bareSeen = new ConcurrentHashMap<>();
    OkHttpClient http = new OkHttpClient();
    try (SimnetServer server = SimnetServer.start(chain)) {
      CountDownLatch subscribed = new CountDownLatch(1);
      WebSocket bare = http.newWebSocket(new Request.Builder().url(server.websocketUrl()).build(), new WebSocketListener() {
        @Override
        public void onOpen(WebSocket socket, Response response) {
          socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"subscribe\",\"id\":0,\"params\":{\"query\":\"tm.event='NewBlock'\"}}");
          subscribed.countDown();
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
          long now = System.nanoTime();
          Matcher m = HEIGHT.matcher(text);
          if (m.find()) {
            bareSeen.putIfAbsent(Long.parseLong(m.group(1)), now);
          }
        }
      });
      subscribed.await(10, TimeUnit.SECONDS);
      ChainSpec spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(server.url())
              .plugin("cosmos-sdk")
              .startHeight(1)
              .websocket(true)
              .stakingRefreshInterval(Duration.ofHours(1))
              .governanceRefreshInterval(Duration.ofHours(1))
              .endpointCheckInterval(Duration.ofHours(1))
              .track(chain.truth().validator("v1").operatorAddress())
              .build();
      List<Double> bareMs = new ArrayList<>();
      List<Double> watcherMs = new ArrayList<>();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        Args.awaitProcessed(watcher, chain.chainId(), 4, Duration.ofMinutes(1));
        Thread.sleep(1_000); // the subscription is live
        for (int i = 0; i < blocks + 3; i++) {
          Thread.sleep(intervalMs);
          long produced = System.nanoTime();
          chain.produceBlocks(1);
          long height = chain.latestHeight();
          Args.awaitProcessed(watcher, chain.chainId(), height - 1, Duration.ofMinutes(1));
          long processed = System.nanoTime();
          Thread.sleep(20);
          Long seen = bareSeen.get(height);
          if (i >= 3 && seen != null) { // the first blocks warm up both paths
            bareMs.add((seen - produced) / 1e6);
            watcherMs.add((processed - produced) / 1e6);
          }
        }
      }
      bare.close(1000, null);
      System.out.printf(Locale.ROOT, "%n(d) push latency, %d validators, %d blocks, one every %d ms (ms)%n",
          validators, bareMs.size(), intervalMs);
      System.out.println("client           | median | p90   | max");
      System.out.println(row("bare subscriber", bareMs));
      System.out.println(row("valwatch status", watcherMs));
      System.out.printf(Locale.ROOT, "median difference: %.1f ms%n", median(watcherMs) - median(bareMs));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static String row(String name, List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format(Locale.ROOT, "%-16s | %6.1f | %5.1f | %5.1f",
        name, median(values), sorted.get((int) Math.floor(0.9 * (sorted.size() - 1))), sorted.get(sorted.size() - 1));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
