package io.valwatch.internal.risk;

import io.valwatch.model.BondStatus;
import io.valwatch.model.StakingStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/** Staking statuses for the alert tests: a validator "alpha" with 5 % commission, 50 blocks from jail. */
public final class TestStatuses {
  private TestStatuses() {}

  public static StakingStatus staking(String operator, BondStatus bond, boolean jailed, long tokens, int rank) {
    return StakingStatus.builder()
        .operatorAddress(operator)
        .moniker("alpha")
        .tokens(BigInteger.valueOf(tokens))
        .votingPower(tokens / 1_000_000)
        .rank(rank)
        .bondStatus(bond)
        .jailed(jailed)
        .tombstoned(false)
        .jailedUntil(Instant.EPOCH)
        .commissionRate(new BigDecimal("0.05"))
        .chainMissedBlocksCounter(0L)
        .chainBlocksUntilPenalty(50L)
        .tokensByDenom(Map.of())
        .build();
  }
}
