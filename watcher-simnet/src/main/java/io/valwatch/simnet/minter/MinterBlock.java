package io.valwatch.simnet.minter;

import java.time.Instant;
import java.util.List;

/**
 * One produced block.
 *
 * @param height its height
 * @param time its time
 * @param proposer the candidate that proposed it
 * @param lastCommit the validator set of {@code height - 1}, in set order, and whether each signed it
 */
record MinterBlock(long height, Instant time, Candidate proposer, List<CommitEntry> lastCommit) {
  /** One member of the previous height's set and whether its signature is in this block. */
  record CommitEntry(Candidate candidate, boolean signed) {}
}
