package io.valwatch.model;

import io.valwatch.alert.Alert;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An immutable snapshot of one watched chain. Fields the watcher does not know yet, or that the chain does
 * not provide, are empty: {@code Optional}, {@code OptionalLong}, {@code OptionalInt} or {@code
 * OptionalDouble}. The builder takes plain values; a field not set, or set to {@code null}, is empty.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class ChainStatus {
  private final String chainId;
  private final String pluginId;
  private final Long latestHeight;
  private final long blocksProcessed;
  private final long gapBlocks;
  private final Integer activeValidators;
  private final Double blockIntervalSeconds;
  private final Double signedPowerRatio;
  private final List<Double> activeValidatorUptimeRatios;
  private final BigInteger seatPriceTokens;
  private final Integer maxValidators;
  private final SlashingParams slashingParams;
  private final LivenessRule livenessRule;
  private final List<ValidatorStatus> validators;
  private final List<EndpointStatus> endpoints;
  private final List<Alert> activeAlerts;
  private final GovernanceData governance;
  private final ChainHealth health;
  private final DisplayUnit displayUnit;

  private ChainStatus(
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
    activeValidatorUptimeRatios = List.copyOf(activeValidatorUptimeRatios);
    validators = List.copyOf(validators);
    endpoints = List.copyOf(endpoints);
    activeAlerts = List.copyOf(activeAlerts);
    health = health == null ? ChainHealth.OK : health;
    this.chainId = chainId;
    this.pluginId = pluginId;
    this.latestHeight = latestHeight;
    this.blocksProcessed = blocksProcessed;
    this.gapBlocks = gapBlocks;
    this.activeValidators = activeValidators;
    this.blockIntervalSeconds = blockIntervalSeconds;
    this.signedPowerRatio = signedPowerRatio;
    this.activeValidatorUptimeRatios = activeValidatorUptimeRatios;
    this.seatPriceTokens = seatPriceTokens;
    this.maxValidators = maxValidators;
    this.slashingParams = slashingParams;
    this.livenessRule = livenessRule;
    this.validators = validators;
    this.endpoints = endpoints;
    this.activeAlerts = activeAlerts;
    this.governance = governance;
    this.health = health;
    this.displayUnit = displayUnit;
  }

  /** The chain id. */
  public String chainId() {
    return chainId;
  }

  /** The chain plugin in use. */
  public String pluginId() {
    return pluginId;
  }

  /** The last height processed; empty before the first. */
  public OptionalLong latestHeight() {
    return latestHeight == null ? OptionalLong.empty() : OptionalLong.of(latestHeight);
  }

  /** Heights processed since start. */
  public long blocksProcessed() {
    return blocksProcessed;
  }

  /** Heights that could not be processed (pruned or beyond the backfill limit). */
  public long gapBlocks() {
    return gapBlocks;
  }

  /** Size of the validator set at the last processed height. */
  public OptionalInt activeValidators() {
    return activeValidators == null ? OptionalInt.empty() : OptionalInt.of(activeValidators);
  }

  /** Mean time between the last blocks. */
  public OptionalDouble blockIntervalSeconds() {
    return blockIntervalSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(blockIntervalSeconds);
  }

  /** Share of the voting power that signed (commit or nil) the last processed height. */
  public OptionalDouble signedPowerRatio() {
    return signedPowerRatio == null ? OptionalDouble.empty() : OptionalDouble.of(signedPowerRatio);
  }

  /** The rolling-window uptime of every validator in the set at the last processed height, tracked or not,
   * for network-wide comparisons; empty before the first height.
   */
  public List<Double> activeValidatorUptimeRatios() {
    return activeValidatorUptimeRatios;
  }

  /** The lowest stake among bonded validators. */
  public Optional<BigInteger> seatPriceTokens() {
    return Optional.ofNullable(seatPriceTokens);
  }

  /** The staking module's {@code max_validators}. */
  public OptionalInt maxValidators() {
    return maxValidators == null ? OptionalInt.empty() : OptionalInt.of(maxValidators);
  }

  /** The slashing parameters. */
  public Optional<SlashingParams> slashingParams() {
    return Optional.ofNullable(slashingParams);
  }

  /** The downtime rule that blocks until the penalty follow. */
  public Optional<LivenessRule> livenessRule() {
    return Optional.ofNullable(livenessRule);
  }

  /** Every tracked validator. */
  public List<ValidatorStatus> validators() {
    return validators;
  }

  /** Every RPC endpoint. */
  public List<EndpointStatus> endpoints() {
    return endpoints;
  }

  /** The alerts firing now, on the chain, its endpoints and its validators. */
  public List<Alert> activeAlerts() {
    return activeAlerts;
  }

  /** Proposals in their voting period (with which tracked validators voted) and the scheduled upgrade, as of
   * the last governance read; empty before the first read.
   */
  public Optional<GovernanceData> governance() {
    return Optional.ofNullable(governance);
  }

  /** Whether the watcher itself processes, persists and progresses on this chain. */
  public ChainHealth health() {
    return health;
  }

  /** How people read the chain's amounts: the configured unit, else the one the plugin reports; empty
   * when neither is known (amounts are then shown in base units).
   */
  public Optional<DisplayUnit> displayUnit() {
    return Optional.ofNullable(displayUnit);
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

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ChainStatus that
        && Objects.equals(chainId, that.chainId)
        && Objects.equals(pluginId, that.pluginId)
        && Objects.equals(latestHeight, that.latestHeight)
        && Objects.equals(blocksProcessed, that.blocksProcessed)
        && Objects.equals(gapBlocks, that.gapBlocks)
        && Objects.equals(activeValidators, that.activeValidators)
        && Objects.equals(blockIntervalSeconds, that.blockIntervalSeconds)
        && Objects.equals(signedPowerRatio, that.signedPowerRatio)
        && Objects.equals(activeValidatorUptimeRatios, that.activeValidatorUptimeRatios)
        && Objects.equals(seatPriceTokens, that.seatPriceTokens)
        && Objects.equals(maxValidators, that.maxValidators)
        && Objects.equals(slashingParams, that.slashingParams)
        && Objects.equals(livenessRule, that.livenessRule)
        && Objects.equals(validators, that.validators)
        && Objects.equals(endpoints, that.endpoints)
        && Objects.equals(activeAlerts, that.activeAlerts)
        && Objects.equals(governance, that.governance)
        && Objects.equals(health, that.health)
        && Objects.equals(displayUnit, that.displayUnit));
  }

  @Override
  public int hashCode() {
    return Objects.hash(chainId, pluginId, latestHeight, blocksProcessed, gapBlocks, activeValidators, blockIntervalSeconds, signedPowerRatio, activeValidatorUptimeRatios, seatPriceTokens, maxValidators, slashingParams, livenessRule, validators, endpoints, activeAlerts, governance, health, displayUnit);
  }

  @Override
  public String toString() {
    return "ChainStatus[chainId=" + chainId
        + ", pluginId=" + pluginId
        + ", latestHeight=" + latestHeight
        + ", blocksProcessed=" + blocksProcessed
        + ", gapBlocks=" + gapBlocks
        + ", activeValidators=" + activeValidators
        + ", blockIntervalSeconds=" + blockIntervalSeconds
        + ", signedPowerRatio=" + signedPowerRatio
        + ", activeValidatorUptimeRatios=" + activeValidatorUptimeRatios
        + ", seatPriceTokens=" + seatPriceTokens
        + ", maxValidators=" + maxValidators
        + ", slashingParams=" + slashingParams
        + ", livenessRule=" + livenessRule
        + ", validators=" + validators
        + ", endpoints=" + endpoints
        + ", activeAlerts=" + activeAlerts
        + ", governance=" + governance
        + ", health=" + health
        + ", displayUnit=" + displayUnit
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this ChainStatus's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ChainStatus}. */
  public static final class Builder {
    private String chainId;
    private String pluginId;
    private Long latestHeight;
    private long blocksProcessed;
    private long gapBlocks;
    private Integer activeValidators;
    private Double blockIntervalSeconds;
    private Double signedPowerRatio;
    private List<Double> activeValidatorUptimeRatios = List.of();
    private BigInteger seatPriceTokens;
    private Integer maxValidators;
    private SlashingParams slashingParams;
    private LivenessRule livenessRule;
    private List<ValidatorStatus> validators = List.of();
    private List<EndpointStatus> endpoints = List.of();
    private List<Alert> activeAlerts = List.of();
    private GovernanceData governance;
    private ChainHealth health;
    private DisplayUnit displayUnit;

    private Builder() {}

    private Builder(ChainStatus source) {
      this.chainId = source.chainId;
      this.pluginId = source.pluginId;
      this.latestHeight = source.latestHeight;
      this.blocksProcessed = source.blocksProcessed;
      this.gapBlocks = source.gapBlocks;
      this.activeValidators = source.activeValidators;
      this.blockIntervalSeconds = source.blockIntervalSeconds;
      this.signedPowerRatio = source.signedPowerRatio;
      this.activeValidatorUptimeRatios = source.activeValidatorUptimeRatios;
      this.seatPriceTokens = source.seatPriceTokens;
      this.maxValidators = source.maxValidators;
      this.slashingParams = source.slashingParams;
      this.livenessRule = source.livenessRule;
      this.validators = source.validators;
      this.endpoints = source.endpoints;
      this.activeAlerts = source.activeAlerts;
      this.governance = source.governance;
      this.health = source.health;
      this.displayUnit = source.displayUnit;
    }

    /** Sets the chain id. */
    public Builder chainId(String chainId) {
      this.chainId = chainId;
      return this;
    }

    /** Sets the chain plugin in use. */
    public Builder pluginId(String pluginId) {
      this.pluginId = pluginId;
      return this;
    }

    /** Sets the last height processed. */
    public Builder latestHeight(Long latestHeight) {
      this.latestHeight = latestHeight;
      return this;
    }

    /** Sets heights processed since start. */
    public Builder blocksProcessed(long blocksProcessed) {
      this.blocksProcessed = blocksProcessed;
      return this;
    }

    /** Sets heights that could not be processed (pruned or beyond the backfill limit). */
    public Builder gapBlocks(long gapBlocks) {
      this.gapBlocks = gapBlocks;
      return this;
    }

    /** Sets size of the validator set at the last processed height. */
    public Builder activeValidators(Integer activeValidators) {
      this.activeValidators = activeValidators;
      return this;
    }

    /** Sets mean time between the last blocks. */
    public Builder blockIntervalSeconds(Double blockIntervalSeconds) {
      this.blockIntervalSeconds = blockIntervalSeconds;
      return this;
    }

    /** Sets share of the voting power that signed (commit or nil) the last processed height. */
    public Builder signedPowerRatio(Double signedPowerRatio) {
      this.signedPowerRatio = signedPowerRatio;
      return this;
    }

    /** Sets the rolling-window uptime of every validator in the set at the last processed height, tracked or
     * not, for network-wide comparisons.
     */
    public Builder activeValidatorUptimeRatios(List<Double> activeValidatorUptimeRatios) {
      this.activeValidatorUptimeRatios = activeValidatorUptimeRatios;
      return this;
    }

    /** Sets the lowest stake among bonded validators. */
    public Builder seatPriceTokens(BigInteger seatPriceTokens) {
      this.seatPriceTokens = seatPriceTokens;
      return this;
    }

    /** Sets the staking module's {@code max_validators}. */
    public Builder maxValidators(Integer maxValidators) {
      this.maxValidators = maxValidators;
      return this;
    }

    /** Sets the slashing parameters. */
    public Builder slashingParams(SlashingParams slashingParams) {
      this.slashingParams = slashingParams;
      return this;
    }

    /** Sets the downtime rule that blocks until the penalty follow. */
    public Builder livenessRule(LivenessRule livenessRule) {
      this.livenessRule = livenessRule;
      return this;
    }

    /** Sets every tracked validator. */
    public Builder validators(List<ValidatorStatus> validators) {
      this.validators = validators;
      return this;
    }

    /** Sets every RPC endpoint. */
    public Builder endpoints(List<EndpointStatus> endpoints) {
      this.endpoints = endpoints;
      return this;
    }

    /** Sets the alerts firing now, on the chain, its endpoints and its validators. */
    public Builder activeAlerts(List<Alert> activeAlerts) {
      this.activeAlerts = activeAlerts;
      return this;
    }

    /** Sets proposals in their voting period (with which tracked validators voted) and the scheduled upgrade,
     * as of the last governance read.
     */
    public Builder governance(GovernanceData governance) {
      this.governance = governance;
      return this;
    }

    /** Sets whether the watcher itself processes, persists and progresses on this chain. */
    public Builder health(ChainHealth health) {
      this.health = health;
      return this;
    }

    /** Sets how people read the chain's amounts: the configured unit, else the one the plugin reports. */
    public Builder displayUnit(DisplayUnit displayUnit) {
      this.displayUnit = displayUnit;
      return this;
    }

    public ChainStatus build() {
      return new ChainStatus(
          chainId, pluginId, latestHeight, blocksProcessed, gapBlocks, activeValidators,
          blockIntervalSeconds, signedPowerRatio, activeValidatorUptimeRatios, seatPriceTokens,
          maxValidators, slashingParams, livenessRule, validators, endpoints, activeAlerts, governance,
          health, displayUnit);
    }
  }
}
