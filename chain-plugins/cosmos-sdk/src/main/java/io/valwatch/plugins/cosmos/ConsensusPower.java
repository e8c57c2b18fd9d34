package io.valwatch.plugins.cosmos;

import io.valwatch.model.BondStatus;
import java.math.BigInteger;

/** The CometBFT voting power a validator's stake gives, as the Cosmos SDK computes it. */
final class ConsensusPower {
  /** The SDK's DefaultPowerReduction: one unit of CometBFT power per 10^6 base units of stake. */
  static final BigInteger POWER_REDUCTION = BigInteger.TEN.pow(6);

  private ConsensusPower() {}

  /**
   * {@code stake / 10^6} truncated for a bonded validator, 0 otherwise.
   *
   * @throws IllegalArgumentException naming {@code operator} when the power does not fit an int64
   */
  static long of(BigInteger stake, BondStatus status, String operator) {
    if (status != BondStatus.BONDED) {
      return 0;
    }
    try {
      return stake.divide(POWER_REDUCTION).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "validator " + operator + " has stake " + stake + ", too much for an int64 voting power", e);
    }
  }
}
