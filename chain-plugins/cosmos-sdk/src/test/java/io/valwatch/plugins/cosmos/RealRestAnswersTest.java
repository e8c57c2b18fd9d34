package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.identity.Bech32;
import io.valwatch.model.BondStatus;
import io.valwatch.model.SlashingParams;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** REST answers recorded from Cosmos SDK nodes (see real-responses/rest/SOURCES.txt) through the real readers. */
class RealRestAnswersTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static <T extends com.google.protobuf.Message> T read(String name, T prototype) throws IOException {
    try (InputStream in = RealRestAnswersTest.class.getResourceAsStream("/real-responses/rest/" + name)) {
      return RestJson.read(MAPPER.readTree(in), prototype);
    }
  }

  @Test
  void slashingParams() throws IOException {
    SlashingParams p =
        SlashingConversions.slashingParams(
            read("cosmos-sdk_slashing_readme_params.json",
                io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.getDefaultInstance()).getParams());

    assertThat(p.signedBlocksWindow()).isEqualTo(100);
    assertThat(p.minSignedPerWindow()).isEqualByComparingTo(new BigDecimal("0.5"));
    assertThat(p.downtimeJailDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.slashFractionDoubleSign()).isEqualByComparingTo(new BigDecimal("0.05"));
    assertThat(p.slashFractionDowntime()).isEqualByComparingTo(new BigDecimal("0.01"));
  }

  @Test
  void stakingParams() throws IOException {
    StakingParams p =
        StakingConversions.stakingParams(
            read("cosmos-sdk_staking_readme_params.json",
                io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse.getDefaultInstance()).getParams());

    assertThat(p.maxValidators()).isEqualTo(100);
    assertThat(p.bondDenom()).isEqualTo("stake");
    assertThat(p.unbondingTime()).isEqualTo(Duration.ofDays(28));
  }

  @Test
  void validatorsPage() throws IOException {
    QueryValidatorsResponse page =
        read("cosmos-sdk_staking_readme_validators.json", QueryValidatorsResponse.getDefaultInstance());

    assertThat(page.getValidatorsCount()).isEqualTo(2);
    assertThat(page.getPagination().getTotal()).isEqualTo(2);
    ValidatorInfo smartNodes = StakingConversions.validatorInfo(page.getValidators(0), "stake");
    assertThat(smartNodes.operatorAddress()).isEqualTo("cosmosvaloper1q3jsx9dpfhtyqqgetwpe5tmk8f0ms5qywje8tw");
    assertThat(smartNodes.moniker()).isEqualTo("SmartNodes");
    assertThat(smartNodes.tokens()).isEqualTo(new BigInteger("383301887799"));
    assertThat(smartNodes.status()).isEqualTo(BondStatus.BONDED);
    assertThat(smartNodes.jailed()).isFalse();
    assertThat(smartNodes.commissionRate()).isEqualByComparingTo(new BigDecimal("0.05"));
    assertThat(smartNodes.consensusAddressHex()).matches("[0-9A-F]{40}");
    ValidatorInfo noderunners = StakingConversions.validatorInfo(page.getValidators(1), "stake");
    assertThat(noderunners.moniker()).isEqualTo("Noderunners");
    assertThat(noderunners.status()).isEqualTo(BondStatus.UNBONDING);
  }

  @Test
  void stargateValidatorHasTheConsensusAddressItsChainRecorded() throws IOException {
    ValidatorInfo v =
        StakingConversions.validatorInfo(
            read("ledger_stargate-5_validator.json", QueryValidatorsResponse.getDefaultInstance()).getValidators(0),
            "umuon");

    assertThat(v.moniker()).isEqualTo("Cosmostation");
    assertThat(v.tokens()).isEqualTo(BigInteger.valueOf(10_000_000));
    assertThat(v.commissionRate()).isEqualByComparingTo(new BigDecimal("0.1"));
    // keypairs.tsv: this key's valcons address on stargate-5
    String recorded = HexFormat.of().withUpperCase().formatHex(
        Bech32.decode("cosmosvalcons14es7cmaqg5xxxfeg3w2xuge63p5rc3u2vt8ym4").data());
    assertThat(v.consensusAddressHex()).isEqualTo(recorded);
  }
}
