package io.valwatch.risk;

/** How close a validator is to a penalty, as a traffic light. */
public enum RiskLevel {
  OK,
  WARNING,
  CRITICAL;

  /** The metric value: 0 for OK, 1 for WARNING, 2 for CRITICAL. */
  public int value() {
    return ordinal();
  }
}
