package io.valwatch.spi;

import io.valwatch.model.LivenessRule;
import io.valwatch.model.SlashingParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a plugin knows about a chain's validators at one moment. Any part a chain does not have (a
 * consumer chain without x/staking, say) is empty rather than zero.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class ChainData {
  private final List<ValidatorInfo> validators;
  private final Optional<StakingParams> stakingParams;
  private final Optional<SlashingParams> slashingParams;
  private final Optional<LivenessRule> livenessRule;
  private final Map<String, SigningInfo> signingInfos;
  private final long height;

  private ChainData(
      List<ValidatorInfo> validators,
      Optional<StakingParams> stakingParams,
      Optional<SlashingParams> slashingParams,
      Optional<LivenessRule> livenessRule,
      Map<String, SigningInfo> signingInfos,
      long height) {
    validators = List.copyOf(validators);
    signingInfos = Map.copyOf(signingInfos);
    if (height < 0) {
      throw new IllegalArgumentException("height must be >= 0, got " + height);
    }
    this.validators = validators;
    this.stakingParams = stakingParams;
    this.slashingParams = slashingParams;
    this.livenessRule = livenessRule;
    this.signingInfos = signingInfos;
    this.height = height;
  }

  /** Every validator the staking module knows, bonded or not; empty when there is no staking data. */
  public List<ValidatorInfo> validators() {
    return validators;
  }

  /** The staking parameters, if known. */
  public Optional<StakingParams> stakingParams() {
    return stakingParams;
  }

  /** The slashing parameters, if known. */
  public Optional<SlashingParams> slashingParams() {
    return slashingParams;
  }

  /** The chain's downtime rule, if known. */
  public Optional<LivenessRule> livenessRule() {
    return livenessRule;
  }

  /** The chain's signing records, keyed by upper-case hex consensus address. */
  public Map<String, SigningInfo> signingInfos() {
    return signingInfos;
  }

  /** The height of the chain state this was read at, 0 when the source cannot tell. The core takes the
   * signing records' missed-block counters to cover the votes of every height below it, and adds the misses
   * it saw itself from that height on; when it is 0 the core assumes the state is at least as new as the
   * newest height the block source reported before the read, which may count a miss twice but never misses
   * one.
   */
  public long height() {
    return height;
  }

  /** A chain about which nothing but blocks is known. */
  public static ChainData blocksOnly() {
    return builder().build();
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ChainData that
        && Objects.equals(validators, that.validators)
        && Objects.equals(stakingParams, that.stakingParams)
        && Objects.equals(slashingParams, that.slashingParams)
        && Objects.equals(livenessRule, that.livenessRule)
        && Objects.equals(signingInfos, that.signingInfos)
        && Objects.equals(height, that.height));
  }

  @Override
  public int hashCode() {
    return Objects.hash(validators, stakingParams, slashingParams, livenessRule, signingInfos, height);
  }

  @Override
  public String toString() {
    return "ChainData[validators=" + validators
        + ", stakingParams=" + stakingParams
        + ", slashingParams=" + slashingParams
        + ", livenessRule=" + livenessRule
        + ", signingInfos=" + signingInfos
        + ", height=" + height
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this ChainData's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ChainData}. */
  public static final class Builder {
    private List<ValidatorInfo> validators = List.of();
    private Optional<StakingParams> stakingParams = Optional.empty();
    private Optional<SlashingParams> slashingParams = Optional.empty();
    private Optional<LivenessRule> livenessRule = Optional.empty();
    private Map<String, SigningInfo> signingInfos = Map.of();
    private long height;

    private Builder() {}

    private Builder(ChainData source) {
      this.validators = source.validators;
      this.stakingParams = source.stakingParams;
      this.slashingParams = source.slashingParams;
      this.livenessRule = source.livenessRule;
      this.signingInfos = source.signingInfos;
      this.height = source.height;
    }

    /** Sets every validator the staking module knows, bonded or not. */
    public Builder validators(List<ValidatorInfo> validators) {
      this.validators = validators;
      return this;
    }

    /** Sets the staking parameters, if known. */
    public Builder stakingParams(Optional<StakingParams> stakingParams) {
      this.stakingParams = stakingParams;
      return this;
    }

    /** Sets the slashing parameters, if known. */
    public Builder slashingParams(Optional<SlashingParams> slashingParams) {
      this.slashingParams = slashingParams;
      return this;
    }

    /** Sets the chain's downtime rule, if known. */
    public Builder livenessRule(Optional<LivenessRule> livenessRule) {
      this.livenessRule = livenessRule;
      return this;
    }

    /** Sets the chain's signing records, keyed by upper-case hex consensus address. */
    public Builder signingInfos(Map<String, SigningInfo> signingInfos) {
      this.signingInfos = signingInfos;
      return this;
    }

    /** Sets the height of the chain state this was read at, 0 when the source cannot tell. */
    public Builder height(long height) {
      this.height = height;
      return this;
    }

    public ChainData build() {
      return new ChainData(validators, stakingParams, slashingParams, livenessRule, signingInfos, height);
    }
  }
}
