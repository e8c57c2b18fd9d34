package io.valwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StakingStatusTest {
  private static StakingStatus status(BondStatus bond, boolean jailed, Boolean tombstoned) {
    return StakingStatus.builder()
        .operatorAddress("cosmosvaloper1x")
        .moniker("alpha")
        .tokens(BigInteger.TEN)
        .votingPower(0L)
        .bondStatus(bond)
        .jailed(jailed)
        .tombstoned(tombstoned)
        .tokensByDenom(Map.of())
        .build();
  }

  @Test
  void summaryNamesTheMostSevereState() {
    assertThat(status(BondStatus.UNBONDING, true, true).summary()).isEqualTo("tombstoned");
    assertThat(status(BondStatus.UNBONDING, true, false).summary()).isEqualTo("jailed");
    assertThat(status(BondStatus.BONDED, false, null).summary()).isEqualTo("bonded");
    assertThat(status(BondStatus.UNBONDED, false, false).summary()).isEqualTo("unbonded");
    assertThat(status(null, false, null).summary()).isEqualTo("unknown");
  }
}
