package io.valwatch.plugins.cosmos;

import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Turns x/staking protobuf messages into the plugin SPI's records. */
final class StakingConversions {
  private StakingConversions() {}

  static StakingParams stakingParams(Params params) {
    return StakingParams.builder()
        .maxValidators(params.getMaxValidators())
        .bondDenom(params.getBondDenom())
        .unbondingTime(Duration.ofSeconds(params.getUnbondingTime().getSeconds(), params.getUnbondingTime().getNanos()))
        .build();
  }

  /**
   * One validator in SPI form.
   *
   * @param bondDenom the staking denom, for {@link ValidatorInfo#tokensByDenom()}; {@code null} leaves
   *     that map empty
   * @throws IllegalArgumentException naming the validator when its tokens or commission are malformed
   */
  static ValidatorInfo validatorInfo(Validator v, String bondDenom) {
    String operator = v.getOperatorAddress();
    BigInteger tokens = ValidatorInfos.amount(operator, "tokens", v.getTokens());
    return ValidatorInfos.of(
        operator,
        v.hasConsensusPubkey() ? v.getConsensusPubkey() : null,
        v.getDescription().getMoniker(),
        tokens,
        bondDenom == null ? Map.of() : Map.of(bondDenom, tokens),
        v.getStatusValue(),
        v.getJailed(),
        v.getCommission().getCommissionRates().getRate());
  }
}
