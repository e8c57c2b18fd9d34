package io.valwatch.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything the tracker needs about one height, already attributed: who was in the set, what each voted,
 * who proposed, who was due to propose and did not get its block committed, and who the block's double-sign
 * evidence names.
 *
 * @param height the height
 * @param time its block time
 * @param proposerAddress upper-case hex consensus address of its proposer
 * @param votes one entry per member of the validator set at that height
 * @param doubleSigners upper-case hex consensus addresses named by double-sign evidence carried in this
 *     height's block; empty when none (or when the chain's blocks do not carry evidence)
 * @param missedProposer upper-case hex consensus address of the validator due to propose in round 0 whose
 *     proposal was not the block committed (a later round's proposer's block was); {@code null} when round 0's
 *     proposal was committed or the chain does not show it
 */
public record HeightVotes(
    long height,
    Instant time,
    String proposerAddress,
    List<Vote> votes,
    Set<String> doubleSigners,
    String missedProposer) {
  public HeightVotes {
    votes = List.copyOf(votes);
    doubleSigners = Set.copyOf(doubleSigners);
  }
}
