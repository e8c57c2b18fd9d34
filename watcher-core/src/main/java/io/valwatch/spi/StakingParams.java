package io.valwatch.spi;

import java.time.Duration;

/**
 * Staking module parameters valwatch reports.
 *
 * @param maxValidators size of the active set
 * @param bondDenom the staking denom (the first one on multi-denom chains)
 * @param unbondingTime how long unbonding takes
 */
public record StakingParams(int maxValidators, String bondDenom, Duration unbondingTime) {}
