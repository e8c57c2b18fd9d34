package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import io.valwatch.model.BondStatus;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Builds the plugin SPI's {@link ValidatorInfo} from the fields every Cosmos SDK style staking module's
 * {@code Validator} carries: x/staking's, and those of modules modelled on it, such as Initia's x/mstaking.
 * A plugin for such a module reads what its module does differently (how stake is counted) and leaves the
 * consensus key, bond status, voting power and commission to this class.
 */
public final class ValidatorInfos {
  private ValidatorInfos() {}

  /**
   * One validator in SPI form. Its CometBFT voting power is {@code stake / 10^6} while bonded, 0 otherwise.
   *
   * @param operator {@code operator_address}
   * @param consensusPubkey {@code consensus_pubkey}; {@code null} when the validator has none
   * @param moniker {@code description.moniker}
   * @param stake what ranks the validator and sets its voting power, for {@link ValidatorInfo#tokens()}
   * @param stakeByDenom the stake per denom, for {@link ValidatorInfo#tokensByDenom()}
   * @param bondStatusNumber the protobuf number of {@code status}; modules modelled on x/staking keep its
   *     {@code BondStatus} numbers (1 unbonded, 2 unbonding, 3 bonded), anything else is unknown
   * @param jailed {@code jailed}
   * @param commissionRate {@code commission.commission_rates.rate}, a LegacyDec; empty when not given
   * @throws IllegalArgumentException naming the validator when its voting power or commission is malformed
   */
  public static ValidatorInfo of(
      String operator,
      Any consensusPubkey,
      String moniker,
      BigInteger stake,
      Map<String, BigInteger> stakeByDenom,
      int bondStatusNumber,
      boolean jailed,
      String commissionRate) {
    BondStatus status = bondStatus(bondStatusNumber);
    return ValidatorInfo.builder()
        .operatorAddress(operator)
        .consensusKey(ConsensusKeys.fromAny(consensusPubkey, operator))
        .moniker(moniker)
        .tokens(stake)
        .tokensByDenom(stakeByDenom)
        .votingPower(ConsensusPower.of(stake, status, operator))
        .status(status)
        .jailed(jailed)
        .commissionRate(commissionRate(operator, commissionRate))
        .build();
  }

  /**
   * An integer amount of a validator, such as {@code tokens}; empty is zero.
   *
   * @param field the field's name, for the error
   * @throws IllegalArgumentException naming the validator and field when {@code text} is not an integer
   */
  public static BigInteger amount(String operator, String field, String text) {
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

  private static BigDecimal commissionRate(String operator, String rate) {
    if (rate.isEmpty()) {
      return null;
    }
    try {
      return LegacyDec.parse(rate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "validator " + operator + " has a malformed commission rate: " + e.getMessage(), e);
    }
  }

  private static BondStatus bondStatus(int number) {
    return switch (number) {
      case 3 -> BondStatus.BONDED;
      case 2 -> BondStatus.UNBONDING;
      case 1 -> BondStatus.UNBONDED;
      default -> BondStatus.UNKNOWN;
    };
  }
}
