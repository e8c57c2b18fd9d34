package io.valwatch.rpc;

import java.util.List;

/**
 * The complete validator set at one height, every page joined, in set order (power descending, address
 * ascending): the order commit signatures follow.
 *
 * @param height the height the set signs
 * @param validators every member in set order
 */
public record ValidatorSet(long height, List<ConsensusValidator> validators) {
  public ValidatorSet {
    validators = List.copyOf(validators);
  }

  /** Sum of the voting power of every member. */
  public long totalVotingPower() {
    long total = 0;
    for (ConsensusValidator v : validators) {
      total += v.votingPower();
    }
    return total;
  }
}
