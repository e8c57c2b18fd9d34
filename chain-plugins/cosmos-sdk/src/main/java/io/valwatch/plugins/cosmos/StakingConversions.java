package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.spi.BondStatus;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns x/staking protobuf messages into the plugin SPI's records. */
final class StakingConversions {
  private static final Logger log = LoggerFactory.getLogger(StakingConversions.class);
  /** The SDK's DefaultPowerReduction: one unit of CometBFT power per 10^6 base units of stake. */
  private static final BigInteger POWER_REDUCTION = BigInteger.TEN.pow(6);

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
    long votingPower = 0;
    if (status == BondStatus.BONDED) {
      try {
        votingPower = tokens.divide(POWER_REDUCTION).longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "validator " + operator + " has tokens " + tokens + ", too many for an int64 voting power", e);
      }
    }
    return new ValidatorInfo(
        operator,
        consensusKey(v),
        v.getDescription().getMoniker(),
        tokens,
        bondDenom == null ? Map.of() : Map.of(bondDenom, tokens),
        votingPower,
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

  /** The consensus key, or {@code null} (logged) when its type is unknown or its bytes do not fit. */
  private static ConsensusKey consensusKey(Validator v) {
    if (!v.hasConsensusPubkey()) {
      log.warn("Validator {} has no consensus public key", v.getOperatorAddress());
      return null;
    }
    Any any = v.getConsensusPubkey();
    KeyType type = KeyType.fromAnyTypeUrl(any.getTypeUrl()).orElse(null);
    if (type == null) {
      log.warn(
          "Validator {} has a consensus key of unsupported type {}; its signatures cannot be attributed",
          v.getOperatorAddress(),
          any.getTypeUrl());
      return null;
    }
    try {
      return ConsensusKey.of(type, keyBytes(type, any.getValue()).toByteArray());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      log.warn("Validator {} has a malformed {} consensus key: {}", v.getOperatorAddress(), type, e.getMessage());
      return null;
    }
  }

  private static ByteString keyBytes(KeyType type, ByteString value) throws InvalidProtocolBufferException {
    return switch (type) {
      case ED25519 -> io.valwatch.proto.cosmos.crypto.ed25519.PubKey.parseFrom(value).getKey();
      case SECP256K1 -> io.valwatch.proto.cosmos.crypto.secp256k1.PubKey.parseFrom(value).getKey();
    };
  }
}
