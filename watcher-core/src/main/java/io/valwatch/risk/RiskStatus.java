package io.valwatch.risk;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One validator's liveness risk, from the chain's own penalty rule and counter reconciled with what the
 * watcher saw in blocks since the chain's counter was read.
 *
 * @param level ok, warning or critical, by the chain's {@link RiskSettings}
 * @param blocksUntilPenalty misses the validator can still afford before the liveness penalty (0: the next
 *     miss is punished); empty without a liveness rule
 * @param missedSinceChainCounter misses the watcher saw at heights the chain's counter did not cover yet,
 *     included in {@code blocksUntilPenalty}
 * @param recentMissRate misses per height over the recent heights the validator was in the set for;
 *     empty before any
 * @param projectedSecondsToPenaltyAtCurrentRate time to the penalty if it keeps missing at its recent rate;
 *     empty when it is not missing or the block interval is unknown
 * @param projectedSecondsToPenaltyFullyOffline time to the penalty if it signs nothing from now on
 *     ({@code blocksUntilPenalty + 1} heights); empty when unknown
 * @param reasons why the level is what it is, one short sentence each; empty when OK
 */
public record RiskStatus(
    RiskLevel level,
    OptionalLong blocksUntilPenalty,
    long missedSinceChainCounter,
    OptionalDouble recentMissRate,
    OptionalDouble projectedSecondsToPenaltyAtCurrentRate,
    OptionalDouble projectedSecondsToPenaltyFullyOffline,
    List<String> reasons) {

  /** Nothing known: OK with no figures. */
  public static final RiskStatus UNKNOWN = new RiskStatus(
      RiskLevel.OK, OptionalLong.empty(), 0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
      List.of());

  public RiskStatus {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(blocksUntilPenalty, "blocksUntilPenalty");
    Objects.requireNonNull(recentMissRate, "recentMissRate");
    Objects.requireNonNull(projectedSecondsToPenaltyAtCurrentRate, "projectedSecondsToPenaltyAtCurrentRate");
    Objects.requireNonNull(projectedSecondsToPenaltyFullyOffline, "projectedSecondsToPenaltyFullyOffline");
    reasons = List.copyOf(reasons);
  }
}
