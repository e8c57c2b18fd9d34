package io.valwatch.spi;

import io.valwatch.model.DisplayUnit;
import java.time.Duration;

/**
 * Staking module parameters valwatch reports.
 *
 * @param maxValidators size of the active set
 * @param bondDenom the staking denom (the first one on multi-denom chains)
 * @param unbondingTime how long unbonding takes
 * @param displayUnit how people read amounts of the bond denom; when null, derived from the bond
 *     denom; null when the bond denom is unknown
 */
public record StakingParams(int maxValidators, String bondDenom, Duration unbondingTime, DisplayUnit displayUnit) {
  public StakingParams {
    if (displayUnit == null && bondDenom != null && !bondDenom.isBlank()) {
      displayUnit = DisplayUnit.ofBaseDenom(bondDenom);
    }
  }

  /** Parameters whose display unit follows the base denom's prefix ({@link DisplayUnit#ofBaseDenom}). */
  public StakingParams(int maxValidators, String bondDenom, Duration unbondingTime) {
    this(maxValidators, bondDenom, unbondingTime, null);
  }
}
