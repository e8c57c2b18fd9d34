package io.valwatch.plugins.initia;

import io.valwatch.plugins.cosmos.ValidatorInfos;
import io.valwatch.proto.cosmos.base.v1beta1.Coin;
import io.valwatch.proto.initia.mstaking.v1.Params;
import io.valwatch.proto.initia.mstaking.v1.Validator;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns x/mstaking protobuf messages into the plugin SPI's records. A validator's stake is a coin list
 * (the chain's own denom and LP denoms {@code move/<hex>}); what ranks validators and sets CometBFT power
 * is {@code voting_power}, the sum of each denom's stake times its weight. So {@link ValidatorInfo#tokens()}
 * is {@code voting_power} and {@link ValidatorInfo#tokensByDenom()} the unweighted stake per denom.
 */
final class MstakingConversions {
  private MstakingConversions() {}

  /** The first bond denom stands for the chain in {@link StakingParams#bondDenom()}. */
  static StakingParams stakingParams(Params params) {
    return StakingParams.builder()
        .maxValidators(params.getMaxValidators())
        .bondDenom(params.getBondDenomsCount() == 0 ? "" : params.getBondDenoms(0))
        .unbondingTime(Duration.ofSeconds(params.getUnbondingTime().getSeconds(), params.getUnbondingTime().getNanos()))
        .build();
  }

  /** @throws IllegalArgumentException naming the validator and field when an amount is malformed */
  static ValidatorInfo validatorInfo(Validator v) {
    String operator = v.getOperatorAddress();
    return ValidatorInfos.of(
        operator,
        v.hasConsensusPubkey() ? v.getConsensusPubkey() : null,
        v.getDescription().getMoniker(),
        ValidatorInfos.amount(operator, "voting_power", v.getVotingPower()),
        tokensByDenom(v),
        v.getStatusValue(),
        v.getJailed(),
        v.getCommission().getCommissionRates().getRate());
  }

  private static Map<String, BigInteger> tokensByDenom(Validator v) {
    Map<String, BigInteger> byDenom = new LinkedHashMap<>();
    for (Coin coin : v.getTokensList()) {
      BigInteger amount =
          ValidatorInfos.amount(v.getOperatorAddress(), "tokens[" + coin.getDenom() + "]", coin.getAmount());
      byDenom.merge(coin.getDenom(), amount, BigInteger::add);
    }
    return byDenom;
  }
}
