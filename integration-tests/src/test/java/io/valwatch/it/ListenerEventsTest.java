package io.valwatch.it;

import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.MissedBlock;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Events follow the chain height by height, and a listener that throws harms nobody. */
class ListenerEventsTest {
  @Test
  void missedBlockEventsMatchTheOfflineHeightsDespiteAThrowingListener() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("events-1")
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .validator("carol", 10_000_000)
            .offline("bob", 20, 35)
            .offline("bob", 50, 52)
            .offline("carol", 60, 61)
            .build();
    chain.produceBlocks(80);
    ValidatorTruth bob = chain.truth().validator("bob");

    AtomicInteger thrown = new AtomicInteger();
    WatcherListener throwing =
        new WatcherListener() {
          @Override
          public void onBlockProcessed(BlockProcessed event) {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener failure at " + event.height());
          }

          @Override
          public void onMissedBlock(MissedBlock event) {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener failure at " + event.height());
          }
        };
    List<MissedBlock> misses = new CopyOnWriteArrayList<>();
    List<Long> processed = new CopyOnWriteArrayList<>();
    WatcherListener recording =
        new WatcherListener() {
          @Override
          public void onBlockProcessed(BlockProcessed event) {
            processed.add(event.height());
          }

          @Override
          public void onMissedBlock(MissedBlock event) {
            misses.add(event);
          }
        };

    try (SimnetServer server = SimnetServer.start(chain);
        Watcher watcher =
            Watcher.builder()
                .chain(specFor(server).track(bob.operatorAddress(), "bob").build())
                .listener(throwing)
                .listener(recording)
                .build()) {
      watcher.start();
      ChainStatus status = awaitProcessed(watcher, chain.chainId(), 79);
      assertThat(status.blocksProcessed()).isEqualTo(79);
      assertThat(processed).containsExactlyElementsOf(LongStream.rangeClosed(1, 79).boxed().toList());
      assertThat(thrown).hasValue(79 + 19);

      List<Long> expectedHeights =
          LongStream.concat(LongStream.rangeClosed(20, 35), LongStream.rangeClosed(50, 52)).boxed().toList();
      assertThat(misses).extracting(MissedBlock::height).containsExactlyElementsOf(expectedHeights);
      assertThat((long) misses.size()).as("the truth's count of bob's misses").isEqualTo(bob.missed());
      assertThat(misses).allSatisfy(m -> {
        assertThat(m.chainId()).isEqualTo("events-1");
        assertThat(m.identity()).isEqualTo(bob.operatorAddress());
        assertThat(m.consensusAddressHex()).contains(bob.consensusAddressHex());
      });
      assertThat(misses).extracting(MissedBlock::consecutiveMissedBlocks)
          .containsExactlyElementsOf(
              LongStream.concat(LongStream.rangeClosed(1, 16), LongStream.rangeClosed(1, 3)).boxed().toList());
      assertThat(misses).as("the others signed: every miss is solo").allMatch(MissedBlock::solo);
    }
  }
}
