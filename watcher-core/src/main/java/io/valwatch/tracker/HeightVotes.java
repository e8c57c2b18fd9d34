package io.valwatch.tracker;

import java.time.Instant;
import java.util.List;

/**
 * Everything the tracker needs about one height, already attributed: who was in the set, what each voted,
 * and who proposed.
 *
 * @param height the height
 * @param time its block time
 * @param proposerAddress upper-case hex consensus address of its proposer
 * @param votes one entry per member of the validator set at that height
 */
public record HeightVotes(long height, Instant time, String proposerAddress, List<Vote> votes) {
  public HeightVotes {
    votes = List.copyOf(votes);
  }
}
