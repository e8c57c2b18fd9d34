package io.valwatch.it;

import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.awaitTrue;
import static io.valwatch.it.Watching.specFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What processing costs in requests, read from the simulator's own counters. Heights {@code 1..L-1} are
 * processed when {@code L} is the latest block; each needs its own block and the next one's commit, and a
 * block fetched as "next" is reused as the following height's block, so catching up costs exactly {@code L}
 * {@code /block} requests: one per processed height plus the newest block, whose commit is not known yet.
 */
class RequestEconomyTest {
  /** Joins at 40 and a leave at 80: the sets of 1..41, 42..81 and 82.. differ; each fits one page. */
  private static SimulatedChain chainWithThreeSets(String chainId) {
    return SimulatedChain.builder()
        .chainId(chainId)
        .validator("alice", 30_000_000)
        .validator("bob", 20_000_000)
        .validator("carol", 10_000_000)
        .join("dave", 40, 15_000_000)
        .leave("bob", 80)
        .offline("carol", 10, 20)
        .build();
  }

  @Test
  void pollingCostsOneBlockRequestPerHeightAndOneValidatorsRequestPerSet() throws Exception {
    SimulatedChain chain = chainWithThreeSets("economy-poll-1");
    chain.produceBlocks(120);
    try (SimnetServer server = SimnetServer.builder(chain).websocket(false).start();
        Watcher watcher = Watcher.builder().chain(specFor(server).build()).build()) {
      watcher.start();
      awaitProcessed(watcher, chain.chainId(), 119);
      assertThat(server.requestCount("block")).as("/block requests for heights 1..119").isEqualTo(120);
      assertThat(server.requestCount("validators")).as("/validators requests, one per distinct set")
          .isEqualTo(3 + laterRounds(chain, 119));
      assertThat(server.requestCount("commit")).isZero();

      chain.produceBlocks(30);
      ChainStatus status = awaitProcessed(watcher, chain.chainId(), 149);
      assertThat(status.blocksProcessed()).isEqualTo(149);
      assertThat(server.requestCount("block")).as("polling fetches each new block once").isEqualTo(150);
      assertThat(server.requestCount("validators")).as("no set change after 82").isEqualTo(3 + laterRounds(chain, 149));
    }
  }

  @Test
  void websocketBlocksCostNoBlockRequestOnceLive() throws Exception {
    SimulatedChain chain = chainWithThreeSets("economy-ws-1");
    chain.produceBlocks(120);
    try (SimnetServer server = SimnetServer.start(chain);
        // Polling only at start: a poll racing the push of a block would fetch that block again.
        Watcher watcher =
            Watcher.builder().chain(specFor(server).websocket(true).pollInterval(Duration.ofHours(1)).build()).build()) {
      watcher.start();
      awaitProcessed(watcher, chain.chainId(), 119);
      awaitTrue(() -> server.requestCount("subscribe") == 1, "the NewBlock subscription");
      assertThat(server.requestCount("block")).as("catching up heights 1..119").isEqualTo(120);

      chain.produceBlocks(40);
      ChainStatus status = awaitProcessed(watcher, chain.chainId(), 159);
      assertThat(status.blocksProcessed()).isEqualTo(159);
      assertThat(server.requestCount("block")).as("blocks pushed over the websocket are not fetched again")
          .isEqualTo(120);
      assertThat(server.requestCount("validators")).isEqualTo(3 + laterRounds(chain, 159));
      assertThat(server.requestCount("websocket")).as("one websocket connection").isEqualTo(1);
    }
  }

  /**
   * Heights in {@code 2..to} committed in a later round than 0 (carol, offline at 10..20, misses her turns to
   * propose): each costs the set of the height before, to find round 0's proposer.
   */
  private static long laterRounds(SimulatedChain chain, long to) {
    return LongStream.rangeClosed(2, to).filter(h -> chain.heightTruth(h).round() > 0).count();
  }
}
