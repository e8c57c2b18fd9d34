package io.valwatch.internal;

import static io.valwatch.rpc.BlockIdFlag.ABSENT;
import static io.valwatch.rpc.BlockIdFlag.COMMIT;
import static io.valwatch.rpc.BlockIdFlag.NIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.SigningStats;
import io.valwatch.tracker.SigningTracker;
import io.valwatch.tracker.Vote;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A tracker written to bytes and read back goes on exactly like one that never stopped, its totals aside. */
class TrackerStateFormatTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  private static final String C = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";
  private static final String D = "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD";
  private static final List<String> ALL = List.of(A, B, C, D);

  /** Heights 1..n: C misses 20..44, B votes nil on multiples of 7, D leaves the set at 30, A proposes every third. */
  private static HeightVotes height(long h) {
    List<Vote> votes = new ArrayList<>();
    votes.add(new Vote(A, 40, COMMIT));
    votes.add(new Vote(B, 30, h % 7 == 0 ? NIL : COMMIT));
    BlockIdFlag c = h >= 20 && h <= 44 ? ABSENT : COMMIT;
    votes.add(new Vote(C, 20, c));
    if (h < 30) {
      votes.add(new Vote(D, 10, h % 5 == 0 ? ABSENT : COMMIT));
    }
    String proposer = h % 3 == 0 ? A : B;
    return new HeightVotes(h, T0.plusSeconds(6 * h + h % 4), proposer, votes, Set.of(), h == 12 ? D : null);
  }

  @Test
  void restoredTrackerShowsWhatTheOriginalShowsAndContinuesIdentically() throws Exception {
    SigningTracker original = new SigningTracker(25, 0.9);
    for (long h = 1; h <= 40; h++) {
      original.record(height(h));
    }
    SigningTracker restored = roundTrip(original);

    assertSameView(restored, original);
    for (String v : ALL) {
      SigningStats stats = restored.stats(v);
      assertThat(List.of(stats.signedBlocks(), stats.missedBlocks(), stats.nilVotes(), stats.proposedBlocks(),
              stats.soloMissedBlocks(), stats.missedProposals()))
          .as("totals of %s start again at 0", v)
          .containsOnly(0L);
    }
    assertThat(restored.stats(C).consecutiveMissedBlocks()).isEqualTo(21);

    for (long h = 41; h <= 80; h++) {
      assertThat(restored.record(height(h))).isEqualTo(original.record(height(h)));
    }
    assertSameView(restored, original);
  }

  @Test
  void aResizedWindowIsKeptAtItsSize() throws Exception {
    SigningTracker original = new SigningTracker(100, 0.9);
    for (long h = 1; h <= 40; h++) {
      original.record(height(h));
    }
    original.resizeWindow(12);
    SigningTracker restored = roundTrip(original);
    assertSameView(restored, original);
    assertThat(restored.stats(C).windowSlots()).isEqualTo(12);
  }

  @Test
  void bytesItDidNotWriteAreRefused() {
    byte[] saved = TrackerStateFormat.write(trackerAt(10).state());
    assertThatThrownBy(() -> TrackerStateFormat.read(Arrays.copyOf(saved, saved.length / 2)))
        .isInstanceOf(TrackerStateFormat.InvalidStateException.class);
    assertThatThrownBy(() -> TrackerStateFormat.read("not a tracker".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TrackerStateFormat.InvalidStateException.class);
  }

  @Test
  void aFullWindowOfAValidatorThatAlwaysSignsTakesFewBytes() {
    SigningTracker tracker = new SigningTracker(10_000, 0.9);
    for (long h = 1; h <= 10_000; h++) {
      tracker.record(new HeightVotes(h, T0.plusSeconds(6 * h), A, List.of(new Vote(A, 40, COMMIT)), Set.of(), null));
    }
    assertThat(TrackerStateFormat.write(tracker.state()).length).isLessThan(1_000);
  }

  /** A tracker that recorded heights 1..{@code last} of the scenario. */
  static SigningTracker trackerAt(long last) {
    SigningTracker tracker = new SigningTracker(25, 0.9);
    for (long h = 1; h <= last; h++) {
      tracker.record(height(h));
    }
    return tracker;
  }

  private static SigningTracker roundTrip(SigningTracker original) throws Exception {
    return SigningTracker.restore(TrackerStateFormat.read(TrackerStateFormat.write(original.state())), 0.9);
  }

  private static void assertSameView(SigningTracker actual, SigningTracker expected) {
    assertThat(actual.lastHeight()).isEqualTo(expected.lastHeight());
    assertThat(actual.activeValidators()).isEqualTo(expected.activeValidators());
    assertThat(Double.valueOf(actual.signedPowerRatio())).isEqualTo(Double.valueOf(expected.signedPowerRatio()));
    assertThat(actual.meanBlockInterval()).isEqualTo(expected.meanBlockInterval());
    assertThat(actual.uptimeOfActiveValidators()).containsExactlyInAnyOrderElementsOf(expected.uptimeOfActiveValidators());
    for (String v : ALL) {
      SigningStats a = actual.stats(v);
      SigningStats e = expected.stats(v);
      assertThat(a.consecutiveMissedBlocks()).as("streak of %s", v).isEqualTo(e.consecutiveMissedBlocks());
      assertThat(a.windowMissedBlocks()).as("window misses of %s", v).isEqualTo(e.windowMissedBlocks());
      assertThat(a.windowSlots()).as("window slots of %s", v).isEqualTo(e.windowSlots());
      assertThat(Double.valueOf(a.uptimeRatio())).as("uptime of %s", v).isEqualTo(Double.valueOf(e.uptimeRatio()));
      assertThat(actual.recentBlocks(v, 300)).as("recent blocks of %s", v).isEqualTo(expected.recentBlocks(v, 300));
      assertThat(actual.recent(v, 10)).isEqualTo(expected.recent(v, 10));
    }
  }
}
