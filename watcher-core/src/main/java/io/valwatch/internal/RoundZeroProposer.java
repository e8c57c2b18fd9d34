package io.valwatch.internal;

import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.ValidatorSet;
import java.util.List;

/**
 * Which validator CometBFT chose to propose in round 0 of a height, worked out from the set stored for the
 * height before.
 *
 * <p>The set {@code /validators?height=H} returns is stored after round 0's proposer of H was chosen: that
 * choice added every member's power to its priority and then took the total power off the chosen one, so
 * the highest priority in it is usually a later round's proposer, not round 0's, and the choice cannot be
 * read back from it. The set stored for H-1 is where the choice starts from: when the members and powers at
 * H are those at H-1, CometBFT's {@code IncrementProposerPriority(1)} made the set of H from it, and round
 * 0's proposer of H is the member with the highest {@code priority + power}, ties going to the lower
 * address ({@code getValWithMostPriority} with {@code CompareProposerPriority}). Before that step
 * CometBFT divides every priority by {@code ceil((max - min) / (2 x total power))} when the spread exceeds
 * twice the total power (Go division, toward zero), which can reorder near ties, so it is done here too;
 * its shift by the average priority moves every member alike and changes no order. When the members or
 * powers changed between H-1 and H, the chain's validator updates re-ranked the priorities and the
 * proposer is not worked out.
 */
final class RoundZeroProposer {
  private RoundZeroProposer() {}

  /**
   * @param previous the set stored for H-1, with its proposer priorities
   * @param current the set at H
   * @return the address of round 0's proposer at H, or {@code null} when the members or powers differ
   */
  static String of(ValidatorSet previous, ValidatorSet current) {
    if (!sameMembers(previous.validators(), current.validators())) {
      return null;
    }
    List<ConsensusValidator> members = previous.validators();
    long total = previous.totalVotingPower();
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (ConsensusValidator v : members) {
      max = Math.max(max, v.proposerPriority());
      min = Math.min(min, v.proposerPriority());
    }
    long spread = max - min;
    long allowed = 2 * total;
    long divisor = allowed > 0 && spread > allowed ? (spread + allowed - 1) / allowed : 1;
    ConsensusValidator best = null;
    long bestPriority = 0;
    for (ConsensusValidator v : members) {
      long priority = v.proposerPriority() / divisor + v.votingPower();
      if (best == null
          || priority > bestPriority
          || (priority == bestPriority && v.address().compareToIgnoreCase(best.address()) < 0)) {
        best = v;
        bestPriority = priority;
      }
    }
    return best == null ? null : best.address();
  }

  private static boolean sameMembers(List<ConsensusValidator> a, List<ConsensusValidator> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).address().equalsIgnoreCase(b.get(i).address()) || a.get(i).votingPower() != b.get(i).votingPower()) {
        return false;
      }
    }
    return true;
  }
}
