package io.valwatch.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What the chain's staking and slashing modules say about a validator, as of the last refresh. Fields the
 * chain does not provide are {@code null}.
 *
 * @param operatorAddress the operator address
 * @param moniker the moniker
 * @param tokens stake in the bond denom's base unit
 * @param votingPower CometBFT voting power
 * @param rank 1-based rank among bonded validators by tokens; {@code null} when not bonded
 * @param bondStatus bonded, unbonding or unbonded
 * @param jailed whether jailed
 * @param tombstoned whether tombstoned; {@code null} without slashing data
 * @param jailedUntil end of the current or last jailing; {@code null} without slashing data
 * @param commissionRate commission as a fraction
 * @param chainMissedBlocksCounter misses in the chain's own window; {@code null} without slashing data
 * @param blocksUntilJail misses the validator can still afford before the liveness penalty (0: the next
 *     miss is punished); {@code null} without a liveness rule
 * @param tokensByDenom unweighted stake per denom, on chains that bond several (Initia's x/mstaking); a
 *     single entry on chains with one bond denom, empty when unknown
 */
public record StakingStatus(
    String operatorAddress,
    String moniker,
    BigInteger tokens,
    Long votingPower,
    Integer rank,
    BondStatus bondStatus,
    boolean jailed,
    Boolean tombstoned,
    Instant jailedUntil,
    BigDecimal commissionRate,
    Long chainMissedBlocksCounter,
    Long blocksUntilJail,
    Map<String, BigInteger> tokensByDenom) {
  public StakingStatus {
    tokensByDenom = Map.copyOf(tokensByDenom);
  }

  /**
   * The most severe of tombstoned, jailed and the bond status, in lower case ({@code tombstoned},
   * {@code jailed}, {@code bonded}, {@code unbonding}, {@code unbonded}, {@code unknown}), as status pages
   * and reports show it.
   */
  public String summary() {
    if (Boolean.TRUE.equals(tombstoned)) {
      return "tombstoned";
    }
    if (jailed) {
      return "jailed";
    }
    return bondStatus == null ? "unknown" : bondStatus.name().toLowerCase(Locale.ROOT);
  }
}
