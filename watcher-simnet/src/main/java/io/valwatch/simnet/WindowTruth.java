package io.valwatch.simnet;

/**
 * A validator's rolling window of heights on a simulated chain.
 *
 * @param slots heights of the window at which it was in the validator set
 * @param missed heights of those at which it was absent
 */
public record WindowTruth(long slots, long missed) {
  /** Share of the slots it signed (the block or nil), NaN without slots. */
  public double uptime() {
    return slots == 0 ? Double.NaN : 1.0 - (double) missed / slots;
  }
}
