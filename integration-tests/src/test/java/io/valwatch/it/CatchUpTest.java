package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Catching up a few hundred eventful heights from height 1: every count and staking fact equals the truth. */
class CatchUpTest {
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin", "frank");
  /** window 100, min_signed_per_window 0.5: 50 misses are tolerated. */
  private static final long MAX_MISSED = 50;

  @Test
  void countsAndStakingEqualTheTruthAfterCatchingUp() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("catchup-1")
            .validator("alice", 40_000_000)
            .validator("bob", 30_000_000)
            .validator("carol", 20_000_000)
            .validator("dave", 10_000_000)
            .validator("erin", 12_000_000)
            .offline("bob", 50, 90)
            .offline("bob", 250, 270)
            .nilVotes("carol", 100, 130)
            .offline("dave", 140, 299)
            .join("frank", 120, 15_000_000)
            .leave("erin", 220)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(300);
    ChainTruth truth = chain.truth();
    assertThat(truth.validator("dave").jailed()).as("the scenario jails dave").isTrue();
    assertThat(truth.validator("erin").status()).as("the scenario unbonds erin").isEqualTo(BondStatus.UNBONDING);

    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec.Builder spec = specFor(server);
      NAMES.forEach(n -> spec.track(truth.validator(n).operatorAddress(), n));
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 299);

        assertThat(status.latestHeight()).hasValue(299);
        assertThat(status.blocksProcessed()).isEqualTo(299);
        assertThat(status.gapBlocks()).isZero();
        for (String name : NAMES) {
          ValidatorTruth t = truth.validator(name);
          ValidatorStatus v = validator(status, t.operatorAddress());
          assertThat(v.consensusAddressHex()).as("consensus address of %s", name).contains(t.consensusAddressHex());
          assertCounts(name, v.signing(), history.expected(name, 1, 299));

          assertThat(v.staking()).as("staking status of %s", name).isPresent();
          StakingStatus staking = v.staking().orElseThrow();
          assertThat(staking.jailed()).as("jailed %s", name).isEqualTo(t.jailed());
          assertThat(staking.bondStatus()).as("bond status of %s", name).isEqualTo(t.status());
          assertThat(staking.tokens().orElseThrow().longValueExact()).as("tokens of %s", name).isEqualTo(t.tokens());
          assertThat(staking.chainMissedBlocksCounter()).as("missed_blocks_counter of %s", name)
              .hasValue(t.missedBlocksCounter());
          assertThat(staking.chainBlocksUntilPenalty()).as("blocks until jail of %s", name)
              .hasValue(Math.max(0, MAX_MISSED - t.missedBlocksCounter()));
        }
        // A miss streak still counting: bob's second outage ended, dave is still offline when jailed.
        assertThat(validator(status, truth.validator("bob").operatorAddress()).staking().orElseThrow().chainMissedBlocksCounter().getAsLong())
            .as("bob's counter is non-zero, so blocks until jail is a real subtraction")
            .isPositive();
        assertThat(status.livenessRule().orElseThrow().maxMissedBlocks()).isEqualTo(MAX_MISSED);
        assertThat(status.activeValidators()).hasValue(4);
      }
    }
  }
}
