package io.valwatch.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link SigningTracker} holds, as plain values, so that a restarted watcher continues with the
 * same streaks, windows and recent marks. Windows are two bits per height: slot {@code s} of a window is
 * bits {@code 2(s mod 32)} and {@code 2(s mod 32) + 1} of {@code window[s / 32]}, and height {@code h} is in
 * slot {@code h mod windowSize}; the values are 0 not in the set, 1 signed, 2 nil, 3 missed.
 *
 * @param windowSize heights in every window
 * @param lastHeight the last height recorded, 0 before the first
 * @param activeValidators size of the validator set at the last height
 * @param signedPowerRatio share of voting power that signed the last height; NaN before the first
 * @param recentTimes block times of the last heights, oldest first, for the mean block interval
 * @param validators every validator seen, in the order first seen
 * @param proposers who proposed each height of the window, as an index into {@code validators}, in slot
 *     {@code height mod windowSize}; -1 when unknown
 */
public record TrackerState(
    int windowSize,
    long lastHeight,
    int activeValidators,
    double signedPowerRatio,
    List<Instant> recentTimes,
    List<ValidatorState> validators,
    int[] proposers) {
  public TrackerState {
    recentTimes = List.copyOf(recentTimes);
    validators = List.copyOf(validators);
    proposers = proposers.clone();
  }

  @Override
  public int[] proposers() {
    return proposers.clone();
  }

  /**
   * One validator's counters and window.
   *
   * @param window the window's words; empty when the validator was out of the set for the whole window
   */
  public record ValidatorState(
      String address,
      long signedBlocks,
      long missedBlocks,
      long nilVotes,
      long proposedBlocks,
      long missedProposals,
      long soloMissedBlocks,
      long consecutiveMissedBlocks,
      long lastSeenHeight,
      long[] window) {
    public ValidatorState {
      Objects.requireNonNull(address, "address");
      window = window.clone();
    }

    @Override
    public long[] window() {
      return window.clone();
    }
  }
}
