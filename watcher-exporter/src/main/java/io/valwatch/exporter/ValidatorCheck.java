package io.valwatch.exporter;

import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.SigningStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One tracked validator as {@code valwatch check} judges it. It is at risk when it is jailed, tombstoned, not
 * bonded, not found on the chain, fewer than the threshold's misses away from the liveness penalty, or at
 * critical risk.
 *
 * @param chainId the chain
 * @param address the operator address, or the consensus address or configured identity when unknown
 * @param moniker the moniker; {@code null} without staking data
 * @param label the configured label, empty when none
 * @param status bonded, unbonding, unbonded, jailed, tombstoned, or unknown without staking data
 * @param seenSigned heights the watcher saw it sign in its rolling window (nil votes included); {@code null}
 *     until its consensus address is resolved
 * @param seenMissed heights the watcher saw it miss in its rolling window; {@code null} until resolved
 * @param chainMissed misses in the chain's own window; {@code null} without slashing data
 * @param chainWindow the chain's liveness window in blocks; {@code null} without a liveness rule
 * @param blocksUntilPenalty misses it can still afford before the penalty; {@code null} when unknown
 * @param rank its rank among bonded validators; {@code null} when not bonded or unknown
 * @param stake its bonded stake in the chain's display unit ({@code 1234.5 ATOM}); {@code null} when unknown
 * @param risk the core's risk level; {@code null} when unknown: the validator is not resolved, or the chain
 *     could not be read
 * @param problems why it is at risk, one short phrase each; empty when fine
 */
record ValidatorCheck(
    String chainId,
    String address,
    String moniker,
    String label,
    String status,
    Long seenSigned,
    Long seenMissed,
    Long chainMissed,
    Long chainWindow,
    Long blocksUntilPenalty,
    Integer rank,
    String stake,
    RiskLevel risk,
    List<String> problems) {
  ValidatorCheck {
    problems = List.copyOf(problems);
  }

  /**
   * Judges {@code validator} of {@code chain}; below {@code minBlocksUntilPenalty} misses left it is at risk. On a
   * chain that could not be read (no height processed) nothing is known of it, and it is at risk.
   */
  static ValidatorCheck of(ChainStatus chain, ValidatorStatus validator, long minBlocksUntilPenalty) {
    LivenessRule rule = chain.livenessRule().orElse(null);
    boolean chainRead = chain.latestHeight().isPresent();
    StakingStatus staking = validator.staking().orElse(null);
    RiskLevel risk = chainRead ? validator.knownRisk().map(RiskStatus::level).orElse(null) : null;
    Long untilPenalty =
        validator.knownRisk().map(RiskStatus::blocksUntilPenalty).filter(OptionalLong::isPresent)
            .map(OptionalLong::getAsLong).orElse(null);
    List<String> problems = new ArrayList<>();
    if (!chainRead) {
      problems.add("not checked: the chain could not be read");
    } else if (staking == null && validator.consensusAddressHex().isEmpty()) {
      problems.add("not found on the chain");
    }
    if (staking != null) {
      if (staking.tombstoned().orElse(false)) {
        problems.add("tombstoned");
      }
      if (staking.jailed()) {
        problems.add("jailed");
      } else if (staking.bondStatus() != BondStatus.BONDED) {
        problems.add("not bonded (" + name(staking.bondStatus()) + ")");
      }
    }
    if (untilPenalty != null && untilPenalty < minBlocksUntilPenalty) {
      problems.add("only " + untilPenalty + " misses left before the liveness penalty");
    }
    if (risk == RiskLevel.CRITICAL) {
      problems.add("critical risk");
    }
    Optional<SigningStats> seen = validator.knownSigning();
    return new ValidatorCheck(
        chain.chainId(),
        validator.displayAddress(),
        staking == null ? null : staking.moniker().orElse(null),
        validator.label(),
        staking == null ? "unknown" : staking.summary(),
        seen.map(s -> s.windowSlots() - s.windowMissedBlocks()).orElse(null),
        seen.map(SigningStats::windowMissedBlocks).orElse(null),
        staking == null || staking.chainMissedBlocksCounter().isEmpty()
            ? null
            : staking.chainMissedBlocksCounter().getAsLong(),
        rule == null ? null : rule.windowBlocks(),
        untilPenalty,
        staking == null || staking.rank().isEmpty() ? null : staking.rank().getAsInt(),
        staking == null ? null : staking.tokens().map(chain::formatAmount).orElse(null),
        risk,
        problems);
  }

  /** The risk level in lower case, or {@code unknown}. */
  String riskName() {
    return risk == null ? "unknown" : risk.name().toLowerCase(Locale.ROOT);
  }

  /** Whether anything is wrong with it. */
  boolean atRisk() {
    return !problems.isEmpty();
  }

  private static String name(BondStatus status) {
    return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT);
  }
}
