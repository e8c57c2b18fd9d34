package io.valwatch.it;

import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.awaitTrue;
import static io.valwatch.it.Watching.specFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A chain holds a thread only while its round runs: many idle chains need a few threads, not one each, and a
 * chain whose endpoint hangs still delays no other. The watcher is made and started from a thread of a group
 * of the test's own, so that every thread it starts, directly or through the HTTP clients, is in that group
 * and no other test's thread is counted.
 */
@Timeout(180)
class ChainThreadsTest {
  private static final int CHAINS = 20;

  @Test
  void idleChainsShareAFewThreadsAndAHangingChainDelaysNoOther() throws Exception {
    ThreadGroup group = new ThreadGroup("chain-threads");
    ExecutorService starter = Executors.newSingleThreadExecutor(r -> new Thread(group, r, "chain-threads-starter"));
    List<SimnetServer> servers = new ArrayList<>();
    SimulatedChain hung = SimulatedChain.builder().chainId("threads-hung").validator("alice", 10_000_000).build();
    hung.produceBlocks(5);
    try (SimnetServer hungServer = SimnetServer.builder(hung).grpc(false).rest(false).start();
        FaultProxy proxy = FaultProxy.start(hungServer)) {
      // Every answer of this chain's only endpoint takes longer than the test: its round never ends.
      proxy.add(FaultRule.onEveryCall().fault(Fault.latency(Duration.ofMinutes(5))).build());
      Watcher.Builder builder = Watcher.builder()
          .chain(specFor(hung.chainId(), proxy.url()).websocket(false).build());
      for (int c = 0; c < CHAINS; c++) {
        SimulatedChain chain =
            SimulatedChain.builder().chainId("threads-" + c).validator("alice", 10_000_000).build();
        chain.produceBlocks(5);
        SimnetServer server = SimnetServer.builder(chain).grpc(false).rest(false).start();
        servers.add(server);
        // Polled once at start, then only pushed blocks: an idle chain's rounds do no I/O.
        builder.chain(specFor(server).websocket(true).pollInterval(Duration.ofHours(1)).build());
      }
      try (Watcher watcher = starter.submit(() -> {
        Watcher w = builder.build();
        w.start();
        return w;
      }).get()) {
        for (SimnetServer server : servers) {
          awaitProcessed(watcher, server.chain().chainId(), 4);
          awaitTrue(() -> server.requestCount("subscribe") == 1, server.chain().chainId() + "'s subscription");
        }
        // The catch-up's threads end after five idle seconds; what is left is what idle chains hold.
        Thread.sleep(7_000);
        long chainThreads = Watching.threads(group, "valwatch-chain").size();
        assertThat(chainThreads)
            .as("round threads of %d idle chains and one hanging", CHAINS)
            .isBetween(1L, (long) CHAINS / 4);

        for (SimnetServer server : servers) {
          server.chain().produceBlocks(3);
        }
        for (SimnetServer server : servers) {
          awaitProcessed(watcher, server.chain().chainId(), 7);
        }
        assertThat(watcher.status(hung.chainId()).orElseThrow().latestHeight()).as("the hanging chain").isEmpty();
      }
    } finally {
      starter.shutdownNow();
      for (SimnetServer server : servers) {
        server.close();
      }
    }
  }
}
