package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.event.GapDetected;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Heights the watcher will never process are reported as one gap with the exact range and counted. */
class GapTest {
  private static SimulatedChain.Builder chain(String chainId) {
    return SimulatedChain.builder()
        .chainId(chainId)
        .validator("alice", 30_000_000)
        .validator("bob", 20_000_000)
        .offline("bob", 20, 180);
  }

  @Test
  void aBacklogBeyondTheBackfillLimitBecomesAGap() throws Exception {
    SimulatedChain chain = chain("gap-backfill-1").build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(200);
    List<GapDetected> gaps = new CopyOnWriteArrayList<>();
    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec spec = specFor(server).backfillLimit(50).track(chain.truth().validator("bob").operatorAddress()).build();
      try (Watcher watcher = Watcher.builder().chain(spec).listener(gapsInto(gaps)).build()) {
        watcher.start();
        // Heights 1..199 are processable; the last 50 are caught up, the 149 before them are a gap.
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 199);
        assertThat(gaps).singleElement().satisfies(g -> {
          assertThat(g.chainId()).isEqualTo("gap-backfill-1");
          assertThat(g.fromHeight()).isEqualTo(1);
          assertThat(g.toHeight()).isEqualTo(149);
          assertThat(g.blocks()).isEqualTo(149);
          assertThat(g.reason()).contains("backfill limit of 50");
        });
        assertThat(status.gapBlocks()).isEqualTo(149);
        assertThat(status.blocksProcessed()).isEqualTo(50);
        assertCounts("bob", validator(status, chain.truth().validator("bob").operatorAddress()).signing(),
            history.expected("bob", 150, 199));
        assertThat(server.requestCount("block")).as("heights 150..199 and block 200").isEqualTo(51);
      }
    }
  }

  @Test
  void aPrunedNodeGivesAGapUpToItsLowestHeight() throws Exception {
    SimulatedChain chain = chain("gap-pruned-1").earliestAvailableHeight(100).build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(150);
    List<GapDetected> gaps = new CopyOnWriteArrayList<>();
    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec spec = specFor(server).track(chain.truth().validator("bob").operatorAddress()).build();
      try (Watcher watcher = Watcher.builder().chain(spec).listener(gapsInto(gaps)).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 149);
        assertThat(gaps).singleElement().satisfies(g -> {
          assertThat(g.fromHeight()).isEqualTo(1);
          assertThat(g.toHeight()).isEqualTo(99);
          assertThat(g.blocks()).isEqualTo(99);
          assertThat(g.reason()).contains("lowest available height 100");
        });
        assertThat(status.gapBlocks()).isEqualTo(99);
        assertThat(status.blocksProcessed()).isEqualTo(50);
        assertCounts("bob", validator(status, chain.truth().validator("bob").operatorAddress()).signing(),
            history.expected("bob", 100, 149));
      }
    }
  }

  @Test
  void aPrunedNodeGivesTheGapEvenWhenTheOtherEndpointIsDown() throws Exception {
    SimulatedChain chain = chain("gap-pruned-2").earliestAvailableHeight(100).build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(150);
    List<GapDetected> gaps = new CopyOnWriteArrayList<>();
    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec spec =
          specFor(server)
              .rpcEndpoint(Endpoints.closedPortUrl())
              .track(chain.truth().validator("bob").operatorAddress())
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).listener(gapsInto(gaps)).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 149);
        assertThat(gaps).singleElement().satisfies(g -> {
          assertThat(g.fromHeight()).isEqualTo(1);
          assertThat(g.toHeight()).isEqualTo(99);
        });
        assertThat(status.blocksProcessed()).isEqualTo(50);
        assertCounts("bob", validator(status, chain.truth().validator("bob").operatorAddress()).signing(),
            history.expected("bob", 100, 149));
      }
    }
  }

  private static WatcherListener gapsInto(List<GapDetected> gaps) {
    return new WatcherListener() {
      @Override
      public void onGapDetected(GapDetected event) {
        gaps.add(event);
      }
    };
  }
}
