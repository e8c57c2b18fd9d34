package io.valwatch.tracker;

import static io.valwatch.rpc.BlockIdFlag.ABSENT;
import static io.valwatch.rpc.BlockIdFlag.COMMIT;
import static io.valwatch.rpc.BlockIdFlag.NIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.valwatch.rpc.BlockIdFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigningTrackerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  private static final String C = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";
  private static final String D = "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD";

  private final SigningTracker tracker = new SigningTracker(10, 0.9);

  /** Records a height with powers A=40, B=30, C=20, D=10 and the given flags. */
  private List<SigningTracker.Miss> height(long h, String proposer, BlockIdFlag a, BlockIdFlag b, BlockIdFlag c, BlockIdFlag d) {
    List<Vote> votes = new ArrayList<>();
    votes.add(new Vote(A, 40, a));
    votes.add(new Vote(B, 30, b));
    votes.add(new Vote(C, 20, c));
    votes.add(new Vote(D, 10, d));
    return tracker.record(new HeightVotes(h, T0.plusSeconds(6 * h), proposer, votes, Set.of(), null));
  }

  @Test
  void countsAMissedProposalForRoundZerosProposerOnly() {
    List<Vote> votes = List.of(new Vote(A, 40, COMMIT), new Vote(B, 30, COMMIT), new Vote(C, 20, COMMIT));
    tracker.record(new HeightVotes(1, T0, B, votes, Set.of(), A));
    tracker.record(new HeightVotes(2, T0.plusSeconds(6), A, votes, Set.of(), null));

    assertThat(tracker.stats(A).missedProposals()).isEqualTo(1);
    assertThat(tracker.stats(A).proposedBlocks()).isEqualTo(1);
    assertThat(tracker.stats(B).missedProposals()).isZero();
    assertThat(tracker.stats(B).proposedBlocks()).isEqualTo(1);
    assertThat(tracker.stats(C).missedProposals()).isZero();
  }

  @Test
  void votesAreCountedByAddressWhenTheSetChangesItsOrderOrMembers() {
    tracker.record(new HeightVotes(1, T0, A, List.of(new Vote(A, 40, COMMIT), new Vote(B, 30, ABSENT)), Set.of(), null));
    // The same validators in the other order, their addresses in other strings.
    tracker.record(
        new HeightVotes(
            2, T0, new String(B), List.of(new Vote(new String(B), 30, COMMIT), new Vote(new String(A), 40, ABSENT)), Set.of(), null));
    // B leaves; C, never seen before, proposes from B's place.
    tracker.record(new HeightVotes(3, T0, C, List.of(new Vote(C, 20, COMMIT), new Vote(A, 40, NIL)), Set.of(), null));
    tracker.record(new HeightVotes(4, T0, A, List.of(new Vote(C, 20, ABSENT), new Vote(A, 40, COMMIT)), Set.of(), null));

    assertThat(tracker.stats(A)).isEqualTo(new SigningStats(2, 1, 1, 2, 1, 0, 1, 4, 0));
    assertThat(tracker.stats(B)).isEqualTo(new SigningStats(1, 1, 0, 1, 1, 0, 1, 2, 0));
    assertThat(tracker.stats(C)).isEqualTo(new SigningStats(1, 1, 0, 1, 1, 1, 1, 2, 0));
  }

  @Test
  void countsSignedNilMissedAndProposedSeparately() {
    height(1, A, COMMIT, NIL, ABSENT, COMMIT);
    height(2, B, COMMIT, COMMIT, ABSENT, NIL);

    assertThat(tracker.stats(A)).isEqualTo(new SigningStats(2, 0, 0, 1, 0, 0, 0, 2, 0));
    assertThat(tracker.stats(B)).isEqualTo(new SigningStats(1, 0, 1, 1, 0, 0, 0, 2, 0));
    assertThat(tracker.stats(C).missedBlocks()).isEqualTo(2);
    assertThat(tracker.stats(C).consecutiveMissedBlocks()).isEqualTo(2);
    assertThat(tracker.stats(D)).isEqualTo(new SigningStats(1, 0, 1, 0, 0, 0, 0, 2, 0));
  }

  @Test
  void nilVoteEndsAStreakLikeASignature() {
    height(1, A, COMMIT, COMMIT, ABSENT, COMMIT);
    height(2, A, COMMIT, COMMIT, ABSENT, COMMIT);
    height(3, A, COMMIT, COMMIT, NIL, COMMIT);
    height(4, A, COMMIT, COMMIT, ABSENT, COMMIT);

    assertThat(tracker.stats(C).consecutiveMissedBlocks()).isEqualTo(1);
    assertThat(tracker.stats(C).missedBlocks()).isEqualTo(3);
    assertThat(tracker.stats(C).nilVotes()).isEqualTo(1);
  }

  @Test
  void soloMissNeedsNinetyPercentOfTheOtherValidatorsPower() {
    // C misses; others A+B+D = 80 of 80 signed -> solo.
    List<SigningTracker.Miss> first = height(1, A, COMMIT, COMMIT, ABSENT, COMMIT);
    // C and D miss; for C the others signed 70 of 80 = 87.5 % -> not solo; for D 70 of 90 -> not solo.
    List<SigningTracker.Miss> second = height(2, A, COMMIT, COMMIT, ABSENT, ABSENT);
    // D misses; others 90 of 90 -> solo. Exactly at the threshold also counts: tested below.
    height(3, A, COMMIT, COMMIT, COMMIT, ABSENT);

    assertThat(first).containsExactly(new SigningTracker.Miss(C, true, 1));
    assertThat(second).containsExactly(new SigningTracker.Miss(C, false, 2), new SigningTracker.Miss(D, false, 1));
    assertThat(tracker.stats(C).soloMissedBlocks()).isEqualTo(1);
    assertThat(tracker.stats(D).soloMissedBlocks()).isEqualTo(1);
  }

  @Test
  void nilVotesOfOthersCountAsHealthyForSoloMisses() {
    List<SigningTracker.Miss> misses = height(1, A, NIL, NIL, ABSENT, NIL);
    assertThat(misses).containsExactly(new SigningTracker.Miss(C, true, 1));
  }

  @Test
  void soloThresholdIsInclusive() {
    SigningTracker t = new SigningTracker(10, 0.75);
    // D misses, others: A 40 + B 30 signed, C 20 absent -> 70/90 = 0.78 >= 0.75 -> solo for D;
    // for C: 70/80 = 0.875 -> solo.
    List<SigningTracker.Miss> misses =
        t.record(
            new HeightVotes(
                1, T0, A, List.of(new Vote(A, 40, COMMIT), new Vote(B, 30, COMMIT), new Vote(C, 20, ABSENT), new Vote(D, 10, ABSENT)), Set.of(), null));
    assertThat(misses).extracting(SigningTracker.Miss::solo).containsExactly(true, true);

    SigningTracker exact = new SigningTracker(10, 0.5);
    List<SigningTracker.Miss> atLine =
        exact.record(new HeightVotes(1, T0, A, List.of(new Vote(A, 10, COMMIT), new Vote(B, 10, ABSENT), new Vote(C, 10, ABSENT)), Set.of(), null));
    assertThat(atLine).extracting(SigningTracker.Miss::solo).containsExactly(true, true);
  }

  @Test
  void windowKeepsOnlyTheLastHeights() {
    for (long h = 1; h <= 5; h++) {
      height(h, A, COMMIT, COMMIT, ABSENT, COMMIT);
    }
    for (long h = 6; h <= 12; h++) {
      height(h, A, COMMIT, COMMIT, COMMIT, COMMIT);
    }
    // Window 10 covers heights 3..12: misses at 3, 4, 5.
    assertThat(tracker.stats(C).windowMissedBlocks()).isEqualTo(3);
    assertThat(tracker.stats(C).windowSlots()).isEqualTo(10);
    assertThat(tracker.stats(C).missedBlocks()).isEqualTo(5);
    assertThat(tracker.stats(C).uptimeRatio()).isCloseTo(0.7, within(1e-12));
    assertThat(tracker.mark(C, 5)).contains(new HeightMark(HeightMark.Outcome.MISSED, false));
    assertThat(tracker.mark(C, 2)).isEmpty();
    assertThat(tracker.mark(A, 12)).contains(new HeightMark(HeightMark.Outcome.SIGNED, true));
  }

  @Test
  void recentBlocksMarkEveryHeightOldestFirst() {
    height(1, A, COMMIT, NIL, ABSENT, COMMIT);
    height(2, C, COMMIT, COMMIT, ABSENT, COMMIT);
    tracker.record(new HeightVotes(3, T0.plusSeconds(18), A, List.of(new Vote(A, 40, COMMIT), new Vote(C, 20, COMMIT)), Set.of(), null));
    height(4, B, COMMIT, COMMIT, COMMIT, NIL);

    assertThat(tracker.recentBlocks(A, 300)).isEqualTo(new RecentBlocks(4, "sSsS"));
    assertThat(tracker.recentBlocks(B, 300)).isEqualTo(new RecentBlocks(4, "NS.s"));
    assertThat(tracker.recentBlocks(C, 300)).isEqualTo(new RecentBlocks(4, "MmSS"));
    assertThat(tracker.recentBlocks(D, 2)).isEqualTo(new RecentBlocks(4, ".N"));
    assertThat(tracker.recentBlocks("EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE", 3)).isEqualTo(new RecentBlocks(4, "..."));
  }

  @Test
  void recentBlocksReachBackNoFurtherThanTheWindow() {
    for (long h = 1; h <= 12; h++) {
      height(h, A, COMMIT, COMMIT, h <= 5 ? ABSENT : COMMIT, COMMIT);
    }

    RecentBlocks recent = tracker.recentBlocks(C, 300);

    assertThat(recent.marks()).isEqualTo("MMMSSSSSSS");
    assertThat(recent.firstHeight()).isEqualTo(3);
    assertThat(recent.at(5)).contains(new HeightMark(HeightMark.Outcome.MISSED, false));
    assertThat(recent.at(2)).isEmpty();
    assertThat(new SigningTracker(10, 0.9).recentBlocks(C, 300)).isEqualTo(RecentBlocks.NONE);
  }

  @Test
  void validatorOutsideTheSetHasNoSlotsAndKeepsItsCounters() {
    height(1, A, COMMIT, COMMIT, COMMIT, ABSENT);
    for (long h = 2; h <= 11; h++) {
      tracker.record(new HeightVotes(h, T0.plusSeconds(h), A, List.of(new Vote(A, 40, COMMIT), new Vote(B, 30, COMMIT)), Set.of(), null));
    }
    assertThat(tracker.stats(D).missedBlocks()).isEqualTo(1);
    assertThat(tracker.stats(D).windowSlots()).isZero();
    assertThat(tracker.stats(D).uptimeRatio()).isNaN();
    assertThat(tracker.activeValidators()).isEqualTo(2);
    assertThat(tracker.uptimeOfActiveValidators()).containsExactly(1.0, 1.0);
  }

  @Test
  void resizingKeepsTheMostRecentHeights() {
    for (long h = 1; h <= 10; h++) {
      height(h, A, COMMIT, COMMIT, h % 2 == 0 ? ABSENT : COMMIT, COMMIT);
    }
    tracker.resizeWindow(4);
    // Heights 7..10: misses at 8 and 10.
    assertThat(tracker.stats(C).windowMissedBlocks()).isEqualTo(2);
    assertThat(tracker.stats(C).windowSlots()).isEqualTo(4);
    tracker.resizeWindow(20);
    assertThat(tracker.stats(C).windowMissedBlocks()).isEqualTo(2);
    height(11, A, COMMIT, COMMIT, ABSENT, COMMIT);
    assertThat(tracker.stats(C).windowMissedBlocks()).isEqualTo(3);
    assertThat(tracker.stats(C).windowSlots()).isEqualTo(5);
  }

  @Test
  void refusesHeightsOutOfOrder() {
    height(5, A, COMMIT, COMMIT, COMMIT, COMMIT);
    assertThatThrownBy(() -> height(5, A, COMMIT, COMMIT, COMMIT, COMMIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height 5")
        .hasMessageContaining("last recorded height is 5");
    assertThatThrownBy(() -> height(7, A, COMMIT, COMMIT, COMMIT, COMMIT))
        .hasMessageContaining("height 7");
    assertThat(tracker.stats(A).signedBlocks()).isEqualTo(1);
  }

  @Test
  void chainFiguresFollowTheLastHeight() {
    height(1, A, COMMIT, COMMIT, COMMIT, COMMIT);
    height(2, A, COMMIT, ABSENT, NIL, COMMIT);
    height(3, A, COMMIT, ABSENT, COMMIT, ABSENT);

    assertThat(tracker.lastHeight()).isEqualTo(3);
    assertThat(tracker.activeValidators()).isEqualTo(4);
    assertThat(tracker.signedPowerRatio()).isEqualTo(0.6);
    assertThat(tracker.meanBlockInterval()).contains(Duration.ofSeconds(6));
  }

  @Test
  void restoredStateContinuesExactlyLikeATrackerThatNeverStopped() {
    SigningTracker restored = null;
    BlockIdFlag[] flags = BlockIdFlag.values();
    for (long h = 1; h <= 40; h++) {
      if (h == 23) {
        restored = SigningTracker.restore(tracker.state(), 0.9);
      }
      String proposer = h % 3 == 0 ? B : h % 5 == 0 ? C : A;
      List<Vote> votes = new ArrayList<>();
      votes.add(new Vote(A, 40, h % 4 == 0 ? ABSENT : COMMIT));
      votes.add(new Vote(B, 30, h % 6 == 0 ? NIL : COMMIT));
      votes.add(new Vote(C, 20, h > 15 && h < 30 ? ABSENT : COMMIT));
      if (h < 12 || h > 33) {
        votes.add(new Vote(D, 10, flags[1 + (int) (h % 3)]));
      }
      HeightVotes hv = new HeightVotes(h, T0.plusSeconds(5 * h + h % 2), proposer, votes, Set.of(), h == 31 ? B : null);
      List<SigningTracker.Miss> misses = tracker.record(hv);
      if (restored != null) {
        assertThat(restored.record(hv)).as("misses at %d", h).isEqualTo(misses);
      }
      if (h == 26) {
        tracker.resizeWindow(14);
        restored.resizeWindow(14);
      }
    }
    for (String v : List.of(A, B, C, D)) {
      assertThat(restored.stats(v)).as(v).isEqualTo(tracker.stats(v));
      assertThat(restored.recentBlocks(v, 300)).as(v).isEqualTo(tracker.recentBlocks(v, 300));
      assertThat(restored.recent(v, 8)).as(v).isEqualTo(tracker.recent(v, 8));
    }
    assertThat(restored.recentBlocks(C, 300).marks()).isEqualTo("MMMSSSSSsSSSSs");
    assertThat(restored.meanBlockInterval()).isEqualTo(tracker.meanBlockInterval());
    assertThat(restored.signedPowerRatio()).isEqualTo(tracker.signedPowerRatio());
    assertThat(restored.uptimeOfActiveValidators()).isEqualTo(tracker.uptimeOfActiveValidators());
    assertThat(restored.lastHeight()).isEqualTo(40);
  }

  @Test
  void refusesAStateThatDoesNotHoldTogether() {
    height(1, A, COMMIT, COMMIT, COMMIT, COMMIT);
    TrackerState state = tracker.state();
    TrackerState badProposer =
        new TrackerState(10, 1, 4, 1.0, state.recentTimes(), state.validators(), new int[] {-1, 7, -1, -1, -1, -1, -1, -1, -1, -1});
    assertThatThrownBy(() -> SigningTracker.restore(badProposer, 0.9)).hasMessageContaining("proposer 7");
    TrackerState shortRing = new TrackerState(10, 1, 4, 1.0, state.recentTimes(), state.validators(), new int[3]);
    assertThatThrownBy(() -> SigningTracker.restore(shortRing, 0.9)).hasMessageContaining("3 proposer slots");
  }
}
