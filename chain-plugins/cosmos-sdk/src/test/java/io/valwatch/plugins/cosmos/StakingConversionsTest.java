package io.valwatch.plugins.cosmos;

import static io.valwatch.plugins.cosmos.ProtoFixtures.ED25519_ADDRESS;
import static io.valwatch.plugins.cosmos.ProtoFixtures.ED25519_KEY;
import static io.valwatch.plugins.cosmos.ProtoFixtures.SECP256K1_ADDRESS;
import static io.valwatch.plugins.cosmos.ProtoFixtures.SECP256K1_KEY;
import static io.valwatch.plugins.cosmos.ProtoFixtures.ed25519;
import static io.valwatch.plugins.cosmos.ProtoFixtures.secp256k1;
import static io.valwatch.plugins.cosmos.ProtoFixtures.validator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import io.valwatch.identity.KeyType;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StakingConversionsTest {
  private static final String OPERATOR = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";

  @Test
  void bondedEd25519Validator() {
    Validator v = validator(OPERATOR, ed25519(ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "1234567899", "hub one");

    ValidatorInfo info = StakingConversions.validatorInfo(v, "uatom");

    assertThat(info.operatorAddress()).isEqualTo(OPERATOR);
    assertThat(info.consensusKey().type()).isEqualTo(KeyType.ED25519);
    assertThat(info.consensusAddressHex()).isEqualTo(ED25519_ADDRESS);
    assertThat(info.moniker()).isEqualTo("hub one");
    assertThat(info.tokens()).isEqualTo(new BigInteger("1234567899"));
    assertThat(info.tokensByDenom()).isEqualTo(Map.of("uatom", new BigInteger("1234567899")));
    assertThat(info.votingPower()).isEqualTo(1234);
    assertThat(info.status()).isEqualTo(io.valwatch.model.BondStatus.BONDED);
    assertThat(info.jailed()).isFalse();
    assertThat(info.commissionRate()).isEqualByComparingTo("0.05");
  }

  @Test
  void secp256k1ValidatorOutsideTheActiveSetHasNoPower() {
    Validator v =
        validator(OPERATOR, secp256k1(SECP256K1_KEY), BondStatus.BOND_STATUS_UNBONDING, "5000000000", "")
            .toBuilder()
            .setJailed(true)
            .build();

    ValidatorInfo info = StakingConversions.validatorInfo(v, "uatom");

    assertThat(info.consensusKey().type()).isEqualTo(KeyType.SECP256K1);
    assertThat(info.consensusAddressHex()).isEqualTo(SECP256K1_ADDRESS);
    assertThat(info.votingPower()).isZero();
    assertThat(info.status()).isEqualTo(io.valwatch.model.BondStatus.UNBONDING);
    assertThat(info.jailed()).isTrue();
    assertThat(info.moniker()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "BOND_STATUS_BONDED, BONDED",
    "BOND_STATUS_UNBONDING, UNBONDING",
    "BOND_STATUS_UNBONDED, UNBONDED",
    "BOND_STATUS_UNSPECIFIED, UNKNOWN"
  })
  void mapsBondStatus(BondStatus wire, io.valwatch.model.BondStatus expected) {
    Validator v = validator(OPERATOR, ed25519(ED25519_KEY), wire, "1", "m");

    assertThat(StakingConversions.validatorInfo(v, "uatom").status()).isEqualTo(expected);
  }

  @Test
  void unknownKeyTypeLeavesTheKeyOutInsteadOfFailing() {
    Any bls = Any.newBuilder().setTypeUrl("/cosmos.crypto.bls12_381.PubKey").setValue(ByteString.copyFrom(new byte[50])).build();
    Validator v = validator(OPERATOR, bls, BondStatus.BOND_STATUS_BONDED, "2000000", "bls");

    ValidatorInfo info = StakingConversions.validatorInfo(v, "uatom");

    assertThat(info.consensusKey()).isNull();
    assertThat(info.consensusAddressHex()).isNull();
    assertThat(info.votingPower()).isEqualTo(2);
  }

  @Test
  void keyOfTheWrongLengthLeavesTheKeyOut() {
    Validator v =
        validator(OPERATOR, ed25519(SECP256K1_KEY), BondStatus.BOND_STATUS_BONDED, "1", "short");

    assertThat(StakingConversions.validatorInfo(v, "uatom").consensusKey()).isNull();
  }

  @Test
  void withoutABondDenomTokensByDenomIsEmptyAndMissingCommissionIsNull() {
    Validator v = Validator.newBuilder().setOperatorAddress(OPERATOR).setTokens("7").build();

    ValidatorInfo info = StakingConversions.validatorInfo(v, null);

    assertThat(info.tokensByDenom()).isEmpty();
    assertThat(info.commissionRate()).isNull();
    assertThat(info.consensusKey()).isNull();
  }

  @Test
  void malformedTokensNameTheValidator() {
    Validator v = validator(OPERATOR, ed25519(ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "12.5", "m");

    assertThatThrownBy(() -> StakingConversions.validatorInfo(v, "uatom"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validator " + OPERATOR + " has tokens '12.5', not an integer");
  }

  @Test
  void stakingParams() {
    Params p =
        Params.newBuilder()
            .setUnbondingTime(Duration.newBuilder().setSeconds(1_814_400))
            .setMaxValidators(180)
            .setBondDenom("uatom")
            .setMinCommissionRate("50000000000000000")
            .build();

    assertThat(StakingConversions.stakingParams(p))
        .isEqualTo(StakingParams.builder()
            .maxValidators(180)
            .bondDenom("uatom")
            .unbondingTime(java.time.Duration.ofDays(21))
            .build());
  }

  @Test
  void commissionInDecimalFormIsAccepted() {
    Validator v = validator(OPERATOR, ed25519(ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "1", "m");
    Validator decimal =
        v.toBuilder()
            .setCommission(
                v.getCommission().toBuilder()
                    .setCommissionRates(v.getCommission().getCommissionRates().toBuilder().setRate("0.100000000000000000")))
            .build();

    assertThat(StakingConversions.validatorInfo(decimal, "uatom").commissionRate()).isEqualByComparingTo(new BigDecimal("0.1"));
  }

  @Test
  void theHubsLiquidStakingFieldsAreSkipped() throws Exception {
    Validator v = validator(OPERATOR, ed25519(ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "1500000000", "ed");
    Validator withLsm = Validator.parseFrom(ProtoFixtures.withLiquidStakingFields(v).toByteArray());
    assertThat(withLsm.getUnknownFields().asMap()).containsOnlyKeys(14, 15);

    assertThat(StakingConversions.validatorInfo(withLsm, "uatom")).isEqualTo(StakingConversions.validatorInfo(v, "uatom"));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Params.newBuilder()
        .setUnbondingTime(Duration.newBuilder().setSeconds(1_814_400))
        .setMaxValidators(180)
        .setBondDenom("uatom")
        .build()
        .writeTo(bytes);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(7, "250000000000000000000");
    out.writeString(8, "250000000000000000");
    out.writeString(9, "500000000000000000");
    out.flush();
    assertThat(StakingConversions.stakingParams(Params.parseFrom(bytes.toByteArray())))
        .as("validator_bond_factor, global and validator liquid staking caps")
        .isEqualTo(StakingParams.builder()
            .maxValidators(180)
            .bondDenom("uatom")
            .unbondingTime(java.time.Duration.ofDays(21))
            .build());
  }
}
