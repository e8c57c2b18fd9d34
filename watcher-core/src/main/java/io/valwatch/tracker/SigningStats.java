package io.valwatch.tracker;

/**
 * What the watcher itself saw a validator do since it started, and over its rolling window.
 *
 * @param signedBlocks heights the validator precommitted the block
 * @param missedBlocks heights it was in the set and absent
 * @param nilVotes heights it precommitted nil (counted as signed by slashing, but worth knowing)
 * @param proposedBlocks heights it proposed
 * @param soloMissedBlocks misses while the rest of the network was healthy
 * @param consecutiveMissedBlocks the current streak of misses, 0 after a signature
 * @param windowMissedBlocks misses among the last {@code windowSlots} heights it was in the set for
 * @param windowSlots heights in the rolling window at which the validator was in the set
 * @param missedProposals heights it was due to propose in round 0 and a later round's block was committed
 *     instead (CometBFT chains)
 */
public record SigningStats(
    long signedBlocks,
    long missedBlocks,
    long nilVotes,
    long proposedBlocks,
    long soloMissedBlocks,
    long consecutiveMissedBlocks,
    long windowMissedBlocks,
    long windowSlots,
    long missedProposals) {

  /** Nothing seen yet. */
  public static final SigningStats EMPTY = new SigningStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Share of the window's slots the validator signed (nil included), or NaN before any slot. */
  public double uptimeRatio() {
    return windowSlots == 0 ? Double.NaN : 1.0 - (double) windowMissedBlocks / windowSlots;
  }
}
