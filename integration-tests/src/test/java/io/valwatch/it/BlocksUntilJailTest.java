package io.valwatch.it;

import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.StakingStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blocks until jail while a validator goes offline, height by height. The chain produces one block at a
 * time and the watcher refreshes staking at every tick, so each processed height is followed by exactly one
 * refresh: the one of the tick that processed it.
 *
 * <p>In that tick the watcher first sees latest height {@code H+1}, then reads the slashing module (state at
 * {@code H+1}), then processes height {@code H}. The chain's {@code missed_blocks_counter} at latest height
 * {@code H+1} counts the votes of heights up to {@code H} (block {@code H+1} carries them), so the reported
 * figure covers exactly the heights processed: no lag. A longer refresh interval delays it by that interval.
 */
class BlocksUntilJailTest {
  /** window 20, min_signed_per_window 0.5: 10 misses are tolerated, the 11th jails. */
  private static final long MAX_MISSED = 10;
  private static final long LAST_HEIGHT = 40;

  /** The reported figures of one processed height. */
  private record Seen(long height, Long missedBlocksCounter, Long blocksUntilJail, boolean jailed) {}

  @Test
  void blocksUntilJailFollowsTheChainsCounterAtEveryHeight() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("penalty-1")
            .signedBlocksWindow(20)
            .minSignedPerWindow("0.5")
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .validator("carol", 10_000_000)
            .offline("bob", 15, 60)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(2);
    String bob = chain.truth().validator("bob").operatorAddress();

    try (SimnetServer server = SimnetServer.builder(chain).websocket(false).start();
        Watcher watcher =
            Watcher.builder()
                .chain(specFor(server).stakingRefreshInterval(Duration.ofMillis(1)).track(bob, "bob").build())
                .build()) {
      watcher.start();
      List<Seen> expected = new ArrayList<>();
      List<Seen> actual = new ArrayList<>();
      for (long h = 1; h <= LAST_HEIGHT; h++) {
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), h);
        assertThat(status.latestHeight()).as("one block at a time").hasValue(h);
        StakingStatus staking = validator(status, bob).staking().orElseThrow();
        actual.add(new Seen(h, staking.chainMissedBlocksCounter().getAsLong(),
            staking.chainBlocksUntilPenalty().getAsLong(), staking.jailed()));
        ValidatorTruth truth = history.truthAt(h + 1).validator("bob");
        expected.add(
            new Seen(
                h,
                truth.missedBlocksCounter(),
                Math.max(0, MAX_MISSED - truth.missedBlocksCounter()),
                truth.jailed()));
        history.produce(1);
      }

      assertThat(actual).containsExactlyElementsOf(expected);
      assertThat(expected).as("the scenario counts down to the last tolerated miss, then jails bob")
          .anyMatch(s -> s.blocksUntilJail() == 0 && !s.jailed())
          .anyMatch(s -> s.blocksUntilJail() == MAX_MISSED - 1)
          .last().matches(Seen::jailed);
    }
  }
}
