package io.valwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StakingStatusTest {
  private static StakingStatus status(BondStatus bond, boolean jailed, Boolean tombstoned) {
    return new StakingStatus(
        "cosmosvaloper1x", "alpha", BigInteger.TEN, 0L, null, bond, jailed, tombstoned, null, null, null, null,
        Map.of());
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
