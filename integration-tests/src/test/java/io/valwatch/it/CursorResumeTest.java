package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart with the same state directory resumes right after the saved cursor: no height twice, none skipped. */
class CursorResumeTest {
  private static final List<String> NAMES = List.of("alice", "bob", "carol");

  @TempDir Path state;

  @Test
  void aSecondWatcherProcessesExactlyTheHeightsAfterTheCursor() throws Exception {
    // bob's outage spans the restart, so a height counted twice or skipped shows in his misses.
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("resume-1")
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .validator("carol", 10_000_000)
            .offline("bob", 50, 75)
            .nilVotes("carol", 55, 65)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(60);

    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec.Builder builder = specFor(server);
      NAMES.forEach(n -> builder.track(chain.truth().validator(n).operatorAddress(), n));
      ChainSpec spec = builder.build();

      List<Long> first = new CopyOnWriteArrayList<>();
      try (Watcher watcher = watcher(spec, first)) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 59);
        assertThat(status.blocksProcessed()).isEqualTo(59);
        assertCountsOver(status, history, 1, 59);
      }
      assertThat(first).containsExactlyElementsOf(range(1, 59));

      history.produce(90);
      List<Long> second = new CopyOnWriteArrayList<>();
      try (Watcher watcher = watcher(spec, second)) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 149);
        assertThat(status.blocksProcessed()).as("heights 60..149 only").isEqualTo(90);
        assertThat(status.gapBlocks()).isZero();
        assertCountsOver(status, history, 60, 149);
      }
      assertThat(second).containsExactlyElementsOf(range(60, 149));
    }
  }

  private Watcher watcher(ChainSpec spec, List<Long> heights) {
    return Watcher.builder()
        .chain(spec)
        .stateDirectory(state)
        .listener(new WatcherListener() {
          @Override
          public void onBlockProcessed(BlockProcessed event) {
            heights.add(event.height());
          }
        })
        .build();
  }

  private static void assertCountsOver(ChainStatus status, ChainHistory history, long from, long to) {
    for (String name : NAMES) {
      assertCounts(name, validator(status, history.chain().truth().validator(name).operatorAddress()).signing(),
          history.expected(name, from, to));
    }
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
