package io.valwatch.alert;

/** How urgent an alert is. Ordered: a channel's minimum severity lets through this one and those after it. */
public enum Severity {
  /** Worth knowing, never worth waking anybody: a governance vote due, a commission change. */
  INFO,
  /** Needs attention today: misses piling up, stake near the seat price, an endpoint down. */
  WARNING,
  /** Needs attention now: jail imminent or happened, double sign, chain stalled, no endpoint left. */
  CRITICAL;

  /** True when this severity is at least {@code minimum}. */
  public boolean atLeast(Severity minimum) {
    return compareTo(minimum) >= 0;
  }
}
