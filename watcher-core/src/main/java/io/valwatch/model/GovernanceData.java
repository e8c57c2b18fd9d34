package io.valwatch.model;

import java.util.List;
import java.util.Optional;

/**
 * What is coming up on a chain: proposals in their voting period and a scheduled upgrade.
 *
 * @param votingProposals proposals in their voting period
 * @param upgradePlan the scheduled upgrade, if any
 */
public record GovernanceData(List<VotingProposal> votingProposals, Optional<UpgradePlan> upgradePlan) {
  public GovernanceData {
    votingProposals = List.copyOf(votingProposals);
  }

  /** A chain without governance data. */
  public static GovernanceData none() {
    return new GovernanceData(List.of(), Optional.empty());
  }
}
