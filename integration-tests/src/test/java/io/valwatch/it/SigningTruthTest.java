package io.valwatch.it;

import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.WindowTruth;
import io.valwatch.tracker.SigningStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The watcher's per-validator findings against the simulator's truth at every processed height: the rolling
 * window's misses and slots, uptime, solo misses, missed proposals (heights committed in a later round because
 * round 0's proposer was offline) and the projected time to the downtime jail.
 *
 * <p>Six validators (power 30, 18, 14, 14, 12, 12; never a third of it offline at once): bob is offline at
 * 10..20 and eve at 18..22, so bob's misses at 18..20 are not solo (70 of the others' 82 signed) while the rest
 * are, dave's nil votes at 12..13 count as signed for bob's solo misses there, and frank is offline from 35 on
 * and jailed by x/slashing (window 30, at most 15 misses). The chain produces one block at a time and the
 * watcher reads staking at every tick, so at processed height {@code H} its slashing figures are those of
 * block {@code H+1} (see {@link BlocksUntilJailTest}).
 */
class SigningTruthTest {
  private static final int WINDOW = 30;
  private static final long LAST_HEIGHT = 60;
  private static final double SOLO_THRESHOLD = 0.9;
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "eve", "frank");

  /** What the watcher says of one validator at one processed height. */
  private record Seen(
      long height,
      String name,
      long windowSlots,
      long windowMissed,
      double uptime,
      long soloMissed,
      long missedProposals,
      long proposed) {}

  @Test
  void windowUptimeSoloMissesMissedProposalsAndTimeToJailEqualTheTruth() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("truth-1")
            .signedBlocksWindow(WINDOW)
            .minSignedPerWindow("0.5")
            .validator("alice", 30_000_000)
            .validator("bob", 18_000_000)
            .validator("carol", 14_000_000)
            .validator("dave", 14_000_000)
            .validator("eve", 12_000_000)
            .validator("frank", 12_000_000)
            .offline("bob", 10, 20)
            .offline("eve", 18, 22)
            .nilVotes("dave", 12, 13)
            .offline("frank", 35, 1_000)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(2);

    try (SimnetServer server = SimnetServer.builder(chain).websocket(false).start()) {
      ChainSpec.Builder spec =
          specFor(server).stakingRefreshInterval(Duration.ofMillis(1)).soloMissThreshold(SOLO_THRESHOLD);
      for (String name : NAMES) {
        spec.track(chain.truth().validator(name).operatorAddress(), name);
      }
      List<Seen> expected = new ArrayList<>();
      List<Seen> actual = new ArrayList<>();
      Map<Long, Double> fullyOffline = new TreeMap<>();
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        for (long h = 1; h <= LAST_HEIGHT; h++) {
          ChainStatus status = awaitProcessed(watcher, chain.chainId(), h);
          assertThat(status.latestHeight()).as("one block at a time").hasValue(h);
          for (String name : NAMES) {
            ValidatorStatus v = validator(status, chain.truth().validator(name).operatorAddress());
            SigningStats s = v.signing();
            actual.add(new Seen(h, name, s.windowSlots(), s.windowMissedBlocks(), s.uptimeRatio(),
                s.soloMissedBlocks(), s.missedProposals(), s.proposedBlocks()));
            expected.add(expected(history, name, h));
          }
          ValidatorStatus frank = validator(status, chain.truth().validator("frank").operatorAddress());
          OptionalDouble seconds = frank.risk().projectedSecondsToPenaltyFullyOffline();
          if (seconds.isPresent()) {
            fullyOffline.put(h, seconds.getAsDouble());
          }
          history.produce(1);
        }
      }

      assertThat(actual).containsExactlyElementsOf(expected);

      long jail = history.truthAt(history.latestHeight()).validator("frank").lastJailHeight();
      assertThat(jail).as("frank's 16th miss, at 50, is handled in block 51").isEqualTo(51);
      // From processed height H (newest block H+1) on frank signs nothing: x/slashing jails it in block `jail`.
      for (long h = 34; h <= jail - 2; h++) {
        double truth = Duration.between(chain.blockTime(h + 1), chain.blockTime(jail)).toMillis() / 1000.0;
        assertThat(fullyOffline.get(h)).as("seconds to frank's jail, fully offline, at processed height %d", h)
            .isEqualTo(truth);
      }
      assertThat(fullyOffline.get(jail - 1)).as("jailed: no projection").isNull();

      long skipped = 0;
      for (String name : NAMES) {
        skipped += chain.missedProposals(name, 1, LAST_HEIGHT);
      }
      assertThat(skipped).as("the scenario has heights committed in a later round").isGreaterThanOrEqualTo(2);
      assertThat(chain.soloMisses("bob", 1, LAST_HEIGHT, SOLO_THRESHOLD))
          .as("bob's misses at 18..20 are not solo").isEqualTo(8);
    }
  }

  /**
   * alice (100 of 140) unbonds in block 6, so the set of 8 re-ranks the others' priorities, spread wider than
   * twice the new total power, as CometBFT does; bob (a quarter of what is left) is offline from 9 and misses
   * his turns to propose. The watcher judges a height only when its members and powers equal the height
   * before's, which holds at every height bob missed.
   */
  @Test
  void missedProposalsAfterASetChangeEqualTheTruth() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("truth-2")
            .validator("alice", 100_000_000)
            .validator("bob", 10_000_000)
            .validator("carol", 10_000_000)
            .validator("dave", 10_000_000)
            .validator("erin", 10_000_000)
            .leave("alice", 6)
            .offline("bob", 9, 1_000)
            .build();
    chain.produceBlocks(62);
    List<String> names = List.of("alice", "bob", "carol", "dave", "erin");

    try (SimnetServer server = SimnetServer.builder(chain).websocket(false).start()) {
      ChainSpec.Builder spec = specFor(server);
      for (String name : names) {
        spec.track(chain.truth().validator(name).operatorAddress(), name);
      }
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 61);
        assertThat(status.latestHeight()).hasValue(61);
        for (String name : names) {
          ValidatorStatus v = validator(status, chain.truth().validator(name).operatorAddress());
          assertThat(v.signing().missedProposals()).as("missed proposals of %s", name)
              .isEqualTo(chain.missedProposals(name, 1, 61));
        }
      }
    }
    assertThat(chain.missedProposals("bob", 1, 61)).as("bob misses proposals after the set change").isPositive();
    assertThat(chain.heightTruth(8).precommits()).as("the set of 8 is the first without alice").hasSize(4);
  }

  private static Seen expected(ChainHistory history, String name, long h) {
    SimulatedChain chain = history.chain();
    WindowTruth window = chain.window(name, h, WINDOW);
    return new Seen(h, name, window.slots(), window.missed(), window.uptime(),
        chain.soloMisses(name, 1, h, SOLO_THRESHOLD),
        chain.missedProposals(name, 1, h),
        history.expected(name, 1, h).proposed());
  }
}
