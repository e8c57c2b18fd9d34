package io.valwatch.model;

import io.valwatch.alert.Alert;
import java.math.BigInteger;
import java.util.List;

/**
 * An immutable snapshot of one watched chain. Fields the watcher does not know yet, or that the chain does
 * not provide, are {@code null}.
 *
 * @param chainId the chain id
 * @param pluginId the chain plugin in use
 * @param latestHeight the last height processed; {@code null} before the first
 * @param blocksProcessed heights processed since start
 * @param gapBlocks heights that could not be processed (pruned or beyond the backfill limit)
 * @param activeValidators size of the validator set at the last processed height
 * @param blockIntervalSeconds mean time between the last blocks
 * @param signedPowerRatio share of the voting power that signed (commit or nil) the last processed height
 * @param activeValidatorUptimeRatios the rolling-window uptime of every validator in the set at the last
 *     processed height, tracked or not, for network-wide comparisons; empty before the first height
 * @param seatPriceTokens the lowest stake among bonded validators
 * @param maxValidators the staking module's {@code max_validators}
 * @param slashingParams the slashing parameters
 * @param livenessRule the downtime rule that {@code blocksUntilJail} follows
 * @param validators every tracked validator
 * @param endpoints every RPC endpoint
 * @param activeAlerts the alerts firing now, on the chain, its endpoints and its validators
 * @param governance proposals in their voting period (with which tracked validators voted) and the scheduled
 *     upgrade, as of the last governance read; {@code null} before the first read
 * @param health whether the watcher itself processes, persists and progresses on this chain
 * @param displayUnit how people read the chain's amounts: the configured unit, else the one the plugin
 *     reports; {@code null} when neither is known (amounts are then shown in base units)
 */
public record ChainStatus(
    String chainId,
    String pluginId,
    Long latestHeight,
    long blocksProcessed,
    long gapBlocks,
    Integer activeValidators,
    Double blockIntervalSeconds,
    Double signedPowerRatio,
    List<Double> activeValidatorUptimeRatios,
    BigInteger seatPriceTokens,
    Integer maxValidators,
    SlashingParams slashingParams,
    LivenessRule livenessRule,
    List<ValidatorStatus> validators,
    List<EndpointStatus> endpoints,
    List<Alert> activeAlerts,
    GovernanceData governance,
    ChainHealth health,
    DisplayUnit displayUnit) {
  public ChainStatus {
    activeValidatorUptimeRatios = List.copyOf(activeValidatorUptimeRatios);
    validators = List.copyOf(validators);
    endpoints = List.copyOf(endpoints);
    activeAlerts = List.copyOf(activeAlerts);
    health = health == null ? ChainHealth.OK : health;
  }

  /** The 0.1.0 form: no governance data, no display unit, a watcher that has not failed at anything. */
  public ChainStatus(
      String chainId,
      String pluginId,
      Long latestHeight,
      long blocksProcessed,
      long gapBlocks,
      Integer activeValidators,
      Double blockIntervalSeconds,
      Double signedPowerRatio,
      List<Double> activeValidatorUptimeRatios,
      BigInteger seatPriceTokens,
      Integer maxValidators,
      SlashingParams slashingParams,
      LivenessRule livenessRule,
      List<ValidatorStatus> validators,
      List<EndpointStatus> endpoints,
      List<Alert> activeAlerts) {
    this(
        chainId, pluginId, latestHeight, blocksProcessed, gapBlocks, activeValidators, blockIntervalSeconds,
        signedPowerRatio, activeValidatorUptimeRatios, seatPriceTokens, maxValidators, slashingParams, livenessRule,
        validators, endpoints, activeAlerts, null, ChainHealth.OK, null);
  }

  /**
   * An amount in base units as people read it: {@code 1234.5 ATOM} in the display unit, or
   * {@code 1234500000 tokens} when none is known.
   */
  public String formatAmount(BigInteger baseUnits) {
    return displayUnit == null ? baseUnits + " tokens" : displayUnit.format(baseUnits);
  }

  /** True when at least one endpoint is up and not catching up. */
  public boolean hasSyncedEndpoint() {
    return endpoints.stream().anyMatch(e -> e.up() && !e.catchingUp());
  }
}
