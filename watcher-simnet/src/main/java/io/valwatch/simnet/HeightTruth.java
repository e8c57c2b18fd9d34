package io.valwatch.simnet;

import io.valwatch.rpc.BlockIdFlag;
import java.time.Instant;
import java.util.List;

/**
 * What happened at one height of a simulated chain, for tests to compare a watcher's per-height findings
 * against.
 *
 * @param height the height
 * @param time the block's header time
 * @param round the consensus round that committed the block: 0, or later when the proposers of the rounds
 *     before were offline
 * @param proposer name of the validator that proposed the committed block, the header's
 *     {@code proposer_address}
 * @param roundZeroProposer name of the validator due to propose in round 0; equals {@code proposer} when
 *     {@code round} is 0
 * @param precommits the precommits for this height in the commit, one per member of the height's validator
 *     set, in set order
 */
public record HeightTruth(
    long height, Instant time, int round, String proposer, String roundZeroProposer, List<Precommit> precommits) {
  public HeightTruth {
    precommits = List.copyOf(precommits);
  }

  /**
   * One member's precommit.
   *
   * @param name the validator's name
   * @param power its CometBFT voting power at this height
   * @param flag COMMIT, NIL, or ABSENT when it was offline
   */
  public record Precommit(String name, long power, BlockIdFlag flag) {}
}
