package io.valwatch.plugins.initia;

import io.valwatch.plugins.cosmos.ConsensusKeys;
import io.valwatch.plugins.cosmos.ConsensusPower;
import io.valwatch.plugins.cosmos.LegacyDec;
import io.valwatch.plugins.initia.proto.Params;
import io.valwatch.plugins.initia.proto.Validator;
import io.valwatch.proto.cosmos.base.v1beta1.Coin;
import io.valwatch.spi.BondStatus;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigDecimal;
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
    return new StakingParams(
        params.getMaxValidators(),
        params.getBondDenomsCount() == 0 ? "" : params.getBondDenoms(0),
        Duration.ofSeconds(params.getUnbondingTime().getSeconds(), params.getUnbondingTime().getNanos()));
  }

  /** @throws IllegalArgumentException naming the validator and field when an amount is malformed */
  static ValidatorInfo validatorInfo(Validator v) {
    String operator = v.getOperatorAddress();
    BigInteger votingPower = integer(operator, "voting_power", v.getVotingPower());
    BondStatus status = bondStatus(v);
    return new ValidatorInfo(
        operator,
        ConsensusKeys.fromAny(v.hasConsensusPubkey() ? v.getConsensusPubkey() : null, operator),
        v.getDescription().getMoniker(),
        votingPower,
        tokensByDenom(v),
        ConsensusPower.of(votingPower, status, operator),
        status,
        v.getJailed(),
        commissionRate(v));
  }

  private static Map<String, BigInteger> tokensByDenom(Validator v) {
    Map<String, BigInteger> byDenom = new LinkedHashMap<>();
    for (Coin coin : v.getTokensList()) {
      BigInteger amount = integer(v.getOperatorAddress(), "tokens[" + coin.getDenom() + "]", coin.getAmount());
      byDenom.merge(coin.getDenom(), amount, BigInteger::add);
    }
    return byDenom;
  }

  private static BigInteger integer(String operator, String field, String text) {
    if (text.isEmpty()) {
      return BigInteger.ZERO;
    }
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "validator " + operator + " has " + field + " '" + text + "', not an integer", e);
    }
  }

  private static BigDecimal commissionRate(Validator v) {
    String rate = v.getCommission().getCommissionRates().getRate();
    if (rate.isEmpty()) {
      return null;
    }
    try {
      return LegacyDec.parse(rate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "validator " + v.getOperatorAddress() + " has a malformed commission rate: " + e.getMessage(), e);
    }
  }

  private static BondStatus bondStatus(Validator v) {
    return switch (v.getStatus()) {
      case BOND_STATUS_BONDED -> BondStatus.BONDED;
      case BOND_STATUS_UNBONDING -> BondStatus.UNBONDING;
      case BOND_STATUS_UNBONDED -> BondStatus.UNBONDED;
      case BOND_STATUS_UNSPECIFIED, UNRECOGNIZED -> BondStatus.UNKNOWN;
    };
  }
}
