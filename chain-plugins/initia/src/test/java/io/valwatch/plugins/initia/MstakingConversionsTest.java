package io.valwatch.plugins.initia;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.BondStatus;
import io.valwatch.proto.cosmos.base.v1beta1.Coin;
import io.valwatch.proto.initia.mstaking.v1.Description;
import io.valwatch.proto.initia.mstaking.v1.Validator;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the simulator never serves: a validator message with fields left out. */
class MstakingConversionsTest {
  @Test
  void aValidatorWithoutKeyOrCommissionKeepsThemUnknown() {
    Validator v = Validator.newBuilder()
        .setOperatorAddress("initvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7kqwws22")
        .setStatus(io.valwatch.proto.initia.mstaking.v1.BondStatus.BOND_STATUS_UNBONDED)
        .setJailed(true)
        .addTokens(Coin.newBuilder().setDenom("uinit").setAmount("900000"))
        .setDescription(Description.newBuilder().setMoniker("beta"))
        .setVotingPower("900000")
        .build();

    ValidatorInfo info = MstakingConversions.validatorInfo(v);

    assertThat(info.consensusKey()).isNull();
    assertThat(info.consensusAddressHex()).isNull();
    assertThat(info.commissionRate()).isNull();
    assertThat(info.tokens()).isEqualTo(BigInteger.valueOf(900_000));
    assertThat(info.tokensByDenom()).isEqualTo(Map.of("uinit", BigInteger.valueOf(900_000)));
    assertThat(info.votingPower()).isZero();
    assertThat(info.status()).isEqualTo(BondStatus.UNBONDED);
    assertThat(info.jailed()).isTrue();
  }
}
