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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every chain of a watcher subscribes through one JDK HTTP client: one selector thread for all, whatever the
 * number of chains. The JDK names that thread {@code HttpClient-<n>-SelectorManager} and starts it in the
 * thread group of the thread that made the client, here the watcher's scheduler's, so the test counts the
 * watcher's own without seeing any other test's.
 */
@Timeout(120)
class SharedWebSocketClientTest {
  private static final int CHAINS = 3;

  @Test
  void everyChainSubscribesThroughOneClientWhoseThreadEndsWithTheWatcher() throws Exception {
    ThreadGroup group = new ThreadGroup("shared-websocket-watcher");
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(CHAINS, r -> {
      Thread t = new Thread(group, r, "shared-websocket-chain");
      t.setDaemon(true);
      return t;
    });
    SimnetServer[] servers = new SimnetServer[CHAINS];
    try {
      Watcher.Builder builder = Watcher.builder().scheduler(scheduler);
      for (int c = 0; c < CHAINS; c++) {
        SimulatedChain chain = SimulatedChain.builder().chainId("shared-ws-" + c).validator("alice", 10_000_000).build();
        chain.produceBlocks(5);
        servers[c] = SimnetServer.builder(chain).grpc(false).rest(false).start();
        // Polled once at start: later heights arrive only when pushed over the subscription.
        builder.chain(specFor(servers[c]).websocket(true).pollInterval(Duration.ofHours(1)).build());
      }
      Watcher watcher = builder.build();
      watcher.start();
      for (SimnetServer server : servers) {
        awaitTrue(() -> server.requestCount("subscribe") == 1, server.chain().chainId() + "'s subscription");
        server.chain().produceBlocks(3);
      }
      for (SimnetServer server : servers) {
        awaitProcessed(watcher, server.chain().chainId(), 7);
      }
      List<Thread> selectors = Watching.threads(group, "HttpClient-\\d+-SelectorManager");
      assertThat(selectors).as("selector threads of the watcher's websocket client").hasSize(1);

      watcher.close();
      watcher = null;
      awaitTrue(() -> {
        System.gc();
        return selectors.stream().noneMatch(Thread::isAlive);
      }, "the selector thread to end after the watcher closed", Duration.ofSeconds(30));
    } finally {
      scheduler.shutdownNow();
      for (SimnetServer server : servers) {
        if (server != null) {
          server.close();
        }
      }
    }
  }

  @Test
  void aHugeFrameEndsOnlyTheSubscriptionThatCarriedIt() throws Exception {
    SimulatedChain faulty = SimulatedChain.builder().chainId("shared-ws-huge").validator("alice", 10_000_000).build();
    SimulatedChain healthy = SimulatedChain.builder().chainId("shared-ws-calm").validator("alice", 10_000_000).build();
    faulty.produceBlocks(5);
    healthy.produceBlocks(5);
    try (SimnetServer faultyServer = SimnetServer.builder(faulty).grpc(false).rest(false).start();
        SimnetServer healthyServer = SimnetServer.builder(healthy).grpc(false).rest(false).start();
        FaultProxy proxy = FaultProxy.start(faultyServer)) {
      // Larger than the 64 MiB a message may hold, so the client must refuse it part way.
      FaultRule huge = proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).times(1).fault(Fault.hugeFrame(100L << 20)).build());
      try (Watcher watcher = Watcher.builder()
          .chain(specFor(faulty.chainId(), proxy.url()).websocket(true).pollInterval(Duration.ofMillis(200)).build())
          .chain(specFor(healthyServer).websocket(true).pollInterval(Duration.ofHours(1)).build())
          .build()) {
        watcher.start();
        awaitTrue(() -> faultyServer.requestCount("subscribe") == 1, "the faulty chain's subscription");
        awaitTrue(() -> healthyServer.requestCount("subscribe") == 1, "the healthy chain's subscription");
        // The simulator counts a subscribe request before it registers the subscriber: a block produced in
        // between is not pushed, so blocks come until one is.
        awaitTrue(() -> {
          faulty.produceBlocks(1);
          return awaitHit(huge);
        }, "the huge frame sent");
        // The faulty chain polls on; the healthy one still gets every block pushed over the shared client.
        long faultyLatest = faulty.latestHeight();
        faulty.produceBlocks(3);
        healthy.produceBlocks(3);
        awaitProcessed(watcher, faulty.chainId(), faultyLatest + 2);
        awaitProcessed(watcher, healthy.chainId(), 7);
        assertThat(healthyServer.requestCount("websocket")).as("the healthy chain's one connection").isEqualTo(1);
      }
    }
  }

  private static boolean awaitHit(FaultRule rule) {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (rule.hits() == 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return rule.hits() == 1;
  }
}
