package io.valwatch.internal.risk;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.model.VotingProposal;
import io.valwatch.risk.AlertKinds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** {@code governance_vote_missing_<id>}: a tracked validator has not voted on a proposal in its voting period. */
public final class GovernanceAlertRules {
  /** The deadline is close: the alert becomes a warning. */
  static final Duration URGENT = Duration.ofHours(24);

  /**
   * The next time after {@code now} at which {@link #evaluate} would say something else with the same data: a
   * proposal's remaining whole hours, which its description gives, go down by one, or its voting ends.
   * {@link Instant#MAX} when no proposal is open.
   */
  public Instant nextChange(GovernanceData governance, Instant now) {
    Instant next = Instant.MAX;
    for (VotingProposal p : governance.votingProposals()) {
      if (p.votingEndTime().isAfter(now)) {
        Instant change = p.votingEndTime().minus(Duration.ofHours(Duration.between(now, p.votingEndTime()).toHours()));
        if (change.isBefore(next)) {
          next = change;
        }
      }
    }
    return next;
  }

  public Verdicts evaluate(ChainStatus chain, GovernanceData governance, Instant now) {
    Verdicts v = new Verdicts();
    for (VotingProposal p : governance.votingProposals()) {
      if (!p.votingEndTime().isAfter(now)) {
        continue;
      }
      Duration left = Duration.between(now, p.votingEndTime());
      for (ValidatorStatus validator : chain.validators()) {
        Optional<String> operator = validator.staking().flatMap(StakingStatus::operatorAddress);
        if (operator.isEmpty() || p.votedOperators().contains(operator.get())) {
          continue;
        }
        String name = Labels.name(validator);
        String title = p.title().isBlank() ? "" : " (" + p.title() + ")";
        v.hold(new AlertCondition(
            new AlertKey(chain.chainId(), validator.displayAddress(),
                AlertKinds.withId(AlertKinds.GOVERNANCE_VOTE_MISSING, Long.toString(p.id()))),
            left.compareTo(URGENT) <= 0 ? Severity.WARNING : Severity.INFO,
            name + " has not voted on proposal " + p.id(),
            "Proposal " + p.id() + title + " closes at " + p.votingEndTime() + ", in " + left.toHours()
                + " h, and " + name + " has not voted.",
            Labels.of(validator)));
      }
    }
    return v;
  }
}
