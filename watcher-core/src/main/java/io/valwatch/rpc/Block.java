package io.valwatch.rpc;

import java.util.List;

/**
 * A CometBFT block, reduced to what a watcher needs.
 *
 * @param header the header; its proposer is the proposer of this height
 * @param lastCommit the precommits for the previous height; {@code null} for the first block of a chain
 * @param doubleSignEvidence duplicate-vote evidence carried in this block
 * @param txCount number of transactions
 */
public record Block(
    BlockHeader header, Commit lastCommit, List<DuplicateVoteEvidence> doubleSignEvidence, int txCount) {
  public Block {
    doubleSignEvidence = List.copyOf(doubleSignEvidence);
  }

  /** Shortcut for {@code header().height()}. */
  public long height() {
    return header.height();
  }
}
