package io.valwatch.plugins.cosmos;

import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.spi.BondStatus;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Turns x/staking protobuf messages into the plugin SPI's records. */
final class StakingConversions {
  private StakingConversions() {}

  static StakingParams stakingParams(Params params) {
    return new StakingParams(
        params.getMaxValidators(),
        params.getBondDenom(),
        Duration.ofSeconds(params.getUnbondingTime().getSeconds(), params.getUnbondingTime().getNanos()));
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
    BigInteger tokens = tokens(v);
    BondStatus status = bondStatus(v);
    return new ValidatorInfo(
        operator,
        ConsensusKeys.fromAny(v.hasConsensusPubkey() ? v.getConsensusPubkey() : null, operator),
        v.getDescription().getMoniker(),
        tokens,
        bondDenom == null ? Map.of() : Map.of(bondDenom, tokens),
        ConsensusPower.of(tokens, status, operator),
        status,
        v.getJailed(),
        commissionRate(v));
  }

  private static BigInteger tokens(Validator v) {
    if (v.getTokens().isEmpty()) {
      return BigInteger.ZERO;
    }
    try {
      return new BigInteger(v.getTokens());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "validator " + v.getOperatorAddress() + " has tokens '" + v.getTokens() + "', not an integer", e);
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
