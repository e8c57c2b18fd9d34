package io.valwatch.spi;

import io.valwatch.model.DisplayUnit;
import java.time.Duration;
import java.util.Objects;

/**
 * Staking module parameters valwatch reports.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class StakingParams {
  private final int maxValidators;
  private final String bondDenom;
  private final Duration unbondingTime;
  private final DisplayUnit displayUnit;

  private StakingParams(
      int maxValidators,
      String bondDenom,
      Duration unbondingTime,
      DisplayUnit displayUnit) {
    if (displayUnit == null && bondDenom != null && !bondDenom.isBlank()) {
      displayUnit = DisplayUnit.ofBaseDenom(bondDenom);
    }
    this.maxValidators = maxValidators;
    this.bondDenom = bondDenom;
    this.unbondingTime = unbondingTime;
    this.displayUnit = displayUnit;
  }

  /** Size of the active set. */
  public int maxValidators() {
    return maxValidators;
  }

  /** The staking denom (the first one on multi-denom chains). */
  public String bondDenom() {
    return bondDenom;
  }

  /** How long unbonding takes. */
  public Duration unbondingTime() {
    return unbondingTime;
  }

  /** How people read amounts of the bond denom; when null, derived from the bond denom; null when the bond
   * denom is unknown.
   */
  public DisplayUnit displayUnit() {
    return displayUnit;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof StakingParams that
        && Objects.equals(maxValidators, that.maxValidators)
        && Objects.equals(bondDenom, that.bondDenom)
        && Objects.equals(unbondingTime, that.unbondingTime)
        && Objects.equals(displayUnit, that.displayUnit));
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxValidators, bondDenom, unbondingTime, displayUnit);
  }

  @Override
  public String toString() {
    return "StakingParams[maxValidators=" + maxValidators
        + ", bondDenom=" + bondDenom
        + ", unbondingTime=" + unbondingTime
        + ", displayUnit=" + displayUnit
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this StakingParams's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link StakingParams}. */
  public static final class Builder {
    private int maxValidators;
    private String bondDenom;
    private Duration unbondingTime;
    private DisplayUnit displayUnit;

    private Builder() {}

    private Builder(StakingParams source) {
      this.maxValidators = source.maxValidators;
      this.bondDenom = source.bondDenom;
      this.unbondingTime = source.unbondingTime;
      this.displayUnit = source.displayUnit;
    }

    /** Sets size of the active set. */
    public Builder maxValidators(int maxValidators) {
      this.maxValidators = maxValidators;
      return this;
    }

    /** Sets the staking denom (the first one on multi-denom chains). */
    public Builder bondDenom(String bondDenom) {
      this.bondDenom = bondDenom;
      return this;
    }

    /** Sets how long unbonding takes. */
    public Builder unbondingTime(Duration unbondingTime) {
      this.unbondingTime = unbondingTime;
      return this;
    }

    /** Sets how people read amounts of the bond denom. */
    public Builder displayUnit(DisplayUnit displayUnit) {
      this.displayUnit = displayUnit;
      return this;
    }

    public StakingParams build() {
      return new StakingParams(maxValidators, bondDenom, unbondingTime, displayUnit);
    }
  }
}
