package io.valwatch.internal.risk;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskSettings;
import io.valwatch.risk.RiskStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** The conditions of the validator kinds, from a chain's status. */
public final class ValidatorAlertRules {
  private final RiskSettings settings;

  public ValidatorAlertRules(RiskSettings settings) {
    this.settings = settings;
  }

  /**
   * @param quiet whether the chain is in an upgrade's quiet window: {@code consecutive_misses} and
   *     {@code jail_imminent} short of the critical blocks-left line keep their state
   */
  public Verdicts evaluate(ChainStatus chain, ValidatorFacts facts, boolean quiet) {
    Verdicts v = new Verdicts();
    ValidatorStatus status = facts.status();
    String chainId = chain.chainId();
    String subject = status.displayAddress();
    Map<String, String> labels = Labels.of(status);
    String name = Labels.name(status);
    StakingStatus staking = status.staking().orElse(null);

    jailImminent(chain, status, quiet, v, labels, name);

    AlertKey streak = new AlertKey(chainId, subject, AlertKinds.CONSECUTIVE_MISSES);
    long consecutive = status.signing().consecutiveMissedBlocks();
    if (quiet) {
      v.keepAsIs(streak);
    } else if (consecutive >= settings.consecutiveMisses()) {
      v.hold(new AlertCondition(streak, Severity.WARNING,
          name + " missed " + consecutive + " blocks in a row",
          name + " has not signed the last " + consecutive + " heights (threshold " + settings.consecutiveMisses()
              + "). Check the validator node and its signer.",
          labels));
    }

    if (staking != null) {
      boolean tombstoned = staking.tombstoned().orElse(false);
      if (staking.jailed()) {
        v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.JAILED), Severity.CRITICAL,
            name + " is jailed",
            name + " is jailed" + staking.jailedUntil().map(until -> " until " + until).orElse("")
                + " and signs no blocks. Fix the cause, then send an unjail transaction once the jail time is over.",
            labels));
      }
      if (tombstoned) {
        v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.TOMBSTONED), Severity.CRITICAL,
            name + " is tombstoned",
            name + " was tombstoned for double signing and can never be unjailed.",
            labels));
      }
      if (!staking.jailed() && !tombstoned && staking.bondStatus() != BondStatus.BONDED
          && staking.bondStatus() != BondStatus.UNKNOWN) {
        v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.INACTIVE), Severity.WARNING,
            name + " is not in the active set",
            name + " is " + staking.bondStatus().name().toLowerCase(java.util.Locale.ROOT)
                + " and earns no rewards. Check its stake against the seat price.",
            labels));
      }
      seatPrice(chain, staking, v, new AlertKey(chainId, subject, AlertKinds.SEAT_PRICE_MARGIN), labels, name);
    }

    if (facts.doubleSignHeight() != null) {
      v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.DOUBLE_SIGN), Severity.CRITICAL,
          name + " double-signed",
          "The block at height " + facts.doubleSignHeight() + " carries double-sign evidence naming " + name
              + ". Stop every instance but one of its signer now.",
          labels));
    }
    if (facts.previousCommission() != null && staking != null && staking.commissionRate().isPresent()) {
      v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.COMMISSION_CHANGED), Severity.INFO,
          name + " changed its commission",
          name + "'s commission changed from " + percent(facts.previousCommission()) + " to "
              + percent(staking.commissionRate().get()) + ".",
          labels));
    }
    if (facts.previousConsensusAddress() != null) {
      v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.CONSENSUS_KEY_CHANGED), Severity.INFO,
          name + " changed its consensus key",
          name + " now signs as " + status.consensusAddressHex().orElse(null) + " (before: " + facts.previousConsensusAddress()
              + ").",
          labels));
    }
    if (facts.missedProposalHeight() != null) {
      v.hold(new AlertCondition(new AlertKey(chainId, subject, AlertKinds.MISSED_PROPOSAL), Severity.INFO,
          name + " missed its turn to propose",
          name + " was due to propose height " + facts.missedProposalHeight() + " in round 0, but the block of a"
              + " later round was committed. Check its node's connectivity and block building time.",
          labels));
    }
    return v;
  }

  private void jailImminent(
      ChainStatus chain, ValidatorStatus status, boolean quiet, Verdicts v, Map<String, String> labels, String name) {
    AlertKey key = new AlertKey(chain.chainId(), status.displayAddress(), AlertKinds.JAIL_IMMINENT);
    RiskStatus risk = status.risk();
    LivenessRule rule = chain.livenessRule().orElse(null);
    boolean penalised =
        status.staking().filter(s -> s.jailed() || s.tombstoned().orElse(false)).isPresent();
    if (penalised || risk.blocksUntilPenalty().isEmpty() || rule == null || risk.level() == RiskLevel.OK) {
      return;
    }
    long left = risk.blocksUntilPenalty().getAsLong();
    boolean criticalByBlocks = left <= settings.criticalBlocksLeft(rule.maxMissedBlocks());
    if (quiet && !criticalByBlocks) {
      v.keepAsIs(key);
      return;
    }
    Severity severity = risk.level() == RiskLevel.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
    String offline =
        risk.projectedSecondsToPenaltyFullyOffline().isEmpty()
            ? ""
            : " Fully offline, the penalty comes in about "
                + Math.round(risk.projectedSecondsToPenaltyFullyOffline().getAsDouble()) + " s.";
    v.hold(new AlertCondition(key, severity,
        name + " can afford " + left + " more missed blocks before the downtime penalty",
        name + " has " + left + " of " + rule.maxMissedBlocks() + " tolerated misses left in the chain's window of "
            + rule.windowBlocks() + " blocks." + offline + " " + String.join("; ", risk.reasons()) + ".",
        labels));
  }

  private void seatPrice(
      ChainStatus chain, StakingStatus staking, Verdicts v, AlertKey key, Map<String, String> labels, String name) {
    if (staking.bondStatus() != BondStatus.BONDED || chain.maxValidators().isEmpty() || chain.activeValidators().isEmpty()
        || chain.activeValidators().getAsInt() < chain.maxValidators().getAsInt()) {
      // While the set has free seats, nobody can be pushed out of it.
      return;
    }
    int maxValidators = chain.maxValidators().getAsInt();
    BigInteger seat = chain.seatPriceTokens().orElse(null);
    BigInteger tokens = staking.tokens().orElse(null);
    boolean nearPrice =
        seat != null && tokens != null
            && new BigDecimal(tokens).compareTo(new BigDecimal(seat).multiply(BigDecimal.valueOf(1 + settings.seatMargin()))) < 0;
    boolean nearRank = staking.rank().isPresent() && staking.rank().getAsInt() > maxValidators - settings.rankMargin();
    if (nearPrice || nearRank) {
      v.hold(new AlertCondition(key, Severity.WARNING,
          name + " is close to losing its seat",
          name + " is ranked " + (staking.rank().isPresent() ? staking.rank().getAsInt() : null) + " of " + maxValidators + " with "
              + (tokens == null ? "unknown stake" : chain.formatAmount(tokens))
              + "; the seat price is " + (seat == null ? "unknown" : chain.formatAmount(seat))
              + ". A few delegations elsewhere could push it out of the set.",
          labels));
    }
  }

  private static String percent(BigDecimal fraction) {
    return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
  }
}
