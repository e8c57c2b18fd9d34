package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How blocks are fetched: ahead and spread, backing off when asked to, and pushed blocks at once. */
class FetchingTest {
  private static ChainHistory history(String chainId, int blocks) {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId(chainId)
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .offline("bob", 10, 60)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(blocks);
    return history;
  }

  @Test
  void blocksRequestedAheadOverTwoEndpointsAreCountedExactlyOnce() throws Exception {
    ChainHistory history = history("fetch-ahead-1", 300);
    String bob = history.chain().truth().validator("bob").operatorAddress();
    try (SimnetServer server = SimnetServer.start(history.chain());
        FaultProxy slow = FaultProxy.start(server)) {
      slow.add(FaultRule.on("block").fault(Fault.latency(Duration.ofMillis(5))).build());
      ChainSpec spec =
          specFor(server).rpcEndpoint(slow.url()).endpointCheckInterval(Duration.ofMillis(500)).maxInFlight(8)
              .track(bob).build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, history.chain().chainId(), 299);
        assertThat(status.blocksProcessed()).isEqualTo(299);
        assertThat(status.gapBlocks()).isZero();
        assertCounts("bob", validator(status, bob).signing(), history.expected("bob", 1, 299));
        assertThat(slow.requestCount("block")).as("blocks fetched through the second endpoint").isPositive();
        assertThat(server.requestCount("block") - slow.requestCount("block"))
            .as("blocks fetched from the first endpoint directly")
            .isPositive();
      }
    }
  }

  @Test
  void anEndpointAnswering429WithRetryAfterGetsNoMoreRequestsUntilThen() throws Exception {
    ChainHistory history = history("fetch-retry-after-1", 40);
    try (SimnetServer server = SimnetServer.start(history.chain());
        FaultProxy limited = FaultProxy.start(server)) {
      limited.add(FaultRule.on("block").fault(Fault.tooManyRequests(Duration.ofHours(1))).build());
      ChainSpec spec =
          ChainSpec.builder(history.chain().chainId())
              .rpcEndpoint(limited.url())
              .startHeight(1)
              .websocket(false)
              .pollInterval(Duration.ofMillis(50))
              .endpointCheckInterval(Duration.ofMillis(100))
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        Watching.awaitTrue(() -> limited.requestCount("block") > 0, "a first /block request");
        long statusBefore = limited.requestCount("status");
        Thread.sleep(2_000);
        assertThat(limited.requestCount("block")).as("/block requests in 2 s after a 429 asking for an hour")
            .isEqualTo(1);
        assertThat(limited.requestCount("status")).as("/status requests in the same time").isEqualTo(statusBefore);
        ChainStatus status = watcher.status(history.chain().chainId()).orElseThrow();
        assertThat(status.endpoints().get(0).lastError().orElseThrow()).contains("HTTP 429").contains("next request after 3600000 ms");
      }
    }
  }

  @Test
  void aWebsocketThatGoesSilentAfterAFewBlocksFallsBackToPolling() throws Exception {
    ChainHistory history = history("fetch-silent-ws-1", 20);
    String chainId = history.chain().chainId();
    try (SimnetServer server = SimnetServer.start(history.chain());
        FaultProxy proxy = FaultProxy.start(server)) {
      proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(3).fault(Fault.drop()).build());
      ChainSpec spec = ChainSpec.builder(chainId).rpcEndpoint(proxy.url()).startHeight(1).websocket(true)
          .pollInterval(Duration.ofMillis(100)).endpointCheckInterval(Duration.ofHours(1))
          .stakingRefreshInterval(Duration.ofHours(1)).build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        awaitProcessed(watcher, chainId, 19);
        Watching.awaitTrue(() -> proxy.requestCount("websocket") > 0, "a websocket subscription");
        for (int i = 0; i < 10; i++) {
          Thread.sleep(150);
          history.produce(1);
        }
        ChainStatus status = awaitProcessed(watcher, chainId, 29);
        assertThat(status.latestHeight()).hasValue(29);
      }
    }
  }

  /**
   * With ticks that never repeat, only a pushed block can make the watcher process a height: it must not wait
   * for a next tick.
   */
  @Test
  void aPushedBlockIsProcessedAtOnceNotAtTheNextTick() throws Exception {
    ChainHistory history = history("fetch-push-1", 20);
    String chainId = history.chain().chainId();
    FirstTickOnly scheduler = new FirstTickOnly();
    try (SimnetServer server = SimnetServer.start(history.chain())) {
      ChainSpec spec = specFor(server).plugin("cosmos-sdk").websocket(true).build();
      try (Watcher watcher = Watcher.builder().chain(spec).scheduler(scheduler).build()) {
        watcher.start();
        awaitProcessed(watcher, chainId, 19);
        Watching.awaitTrue(() -> server.requestCount("websocket") > 0, "a websocket subscription");
        for (long h = 20; h < 25; h++) {
          Thread.sleep(100);
          history.produce(1);
          assertThat(awaitProcessed(watcher, chainId, h).latestHeight()).hasValue(h);
        }
      } finally {
        scheduler.shutdownNow();
      }
    }
  }

  /** Runs a periodic task once only; everything else as usual. */
  private static final class FirstTickOnly extends ScheduledThreadPoolExecutor {
    FirstTickOnly() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      return schedule(command, initialDelay, unit);
    }
  }
}
