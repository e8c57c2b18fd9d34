package io.valwatch.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything the tracker needs about one height, already attributed: who was in the set, what each voted,
 * who proposed, and who the block's double-sign evidence names.
 *
 * @param height the height
 * @param time its block time
 * @param proposerAddress upper-case hex consensus address of its proposer
 * @param votes one entry per member of the validator set at that height
 * @param doubleSigners upper-case hex consensus addresses named by double-sign evidence carried in this
 *     height's block; empty when none (or when the chain's blocks do not carry evidence)
 */
public record HeightVotes(
    long height, Instant time, String proposerAddress, List<Vote> votes, Set<String> doubleSigners) {
  public HeightVotes {
    votes = List.copyOf(votes);
    doubleSigners = Set.copyOf(doubleSigners);
  }
}
