package io.valwatch.model;

/** A validator's place in the staking module. */
public enum BondStatus {
  BONDED,
  UNBONDING,
  UNBONDED,
  /** The chain did not say, or the plugin could not tell. */
  UNKNOWN
}
