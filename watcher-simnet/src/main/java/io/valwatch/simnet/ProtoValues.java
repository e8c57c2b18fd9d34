package io.valwatch.simnet;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Protobuf encodings, staking values and lookups shared by the x/staking, x/mstaking and x/slashing answers. */
final class ProtoValues {
  static final BigDecimal COMMISSION_RATE = new BigDecimal("0.05");
  static final BigDecimal COMMISSION_MAX_RATE = new BigDecimal("0.2");
  static final BigDecimal COMMISSION_MAX_CHANGE_RATE = new BigDecimal("0.01");
  static final int MAX_ENTRIES = 7;
  static final int HISTORICAL_ENTRIES = 10_000;

  private static final BigInteger DEC_ONE = BigInteger.TEN.pow(18);

  private ProtoValues() {}

  static Timestamp timestamp(Instant time) {
    return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
  }

  static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  /** A LegacyDec in a {@code bytes} field: the ASCII of the integer scaled by 10^18. */
  static ByteString decBytes(BigDecimal value) {
    return ByteString.copyFrom(Encoding.scaledDec(value), StandardCharsets.US_ASCII);
  }

  /** An integer amount as a LegacyDec on the wire (delegator shares). */
  static String decOf(long amount) {
    return BigInteger.valueOf(amount).multiply(DEC_ONE).toString();
  }

  /** The consensus key as the {@code Any} that staking stores. */
  static Any consensusPubkey(SimValidator v) {
    ByteString key = ByteString.copyFrom(v.key.bytes());
    ByteString pubKey = v.key.type() == KeyType.ED25519
        ? io.valwatch.proto.cosmos.crypto.ed25519.PubKey.newBuilder().setKey(key).build().toByteString()
        : io.valwatch.proto.cosmos.crypto.secp256k1.PubKey.newBuilder().setKey(key).build().toByteString();
    return Any.newBuilder().setTypeUrl(v.key.type().anyTypeUrl()).setValue(pubKey).build();
  }

  /** The protobuf enum number of a bond status (the same in x/staking and x/mstaking). */
  static int statusNumber(BondStatus status) {
    return switch (status) {
      case BONDED -> 3;
      case UNBONDING -> 2;
      default -> 1;
    };
  }

  /**
   * Parses the {@code status} filter of a Validators query; {@code null} for the empty filter (all).
   *
   * @throws InvalidRequest for anything but the three {@code BOND_STATUS_*} names, as the SDK does
   */
  static BondStatus statusFilter(String status) throws InvalidRequest {
    return switch (status) {
      case "" -> null;
      case "BOND_STATUS_BONDED" -> BondStatus.BONDED;
      case "BOND_STATUS_UNBONDING" -> BondStatus.UNBONDING;
      case "BOND_STATUS_UNBONDED" -> BondStatus.UNBONDED;
      default -> throw new InvalidRequest("invalid validator status " + status);
    };
  }

  /** Validators that exist on chain and match the filter, in operator address order. */
  static List<SimValidator> validators(ChainState state, BondStatus filter) {
    return state.validators().stream()
        .filter(v -> v.created && (filter == null || v.status == filter))
        .sorted(Comparator.comparing(v -> v.operatorBytes, Arrays::compareUnsigned))
        .toList();
  }

  /**
   * The answer to a single-validator query: {@code reply} of the validator with this operator address,
   * invalid argument for an empty address, not found for an unknown one.
   */
  static QueryOutcome oneValidator(ChainState state, String address, Function<SimValidator, Message> reply) {
    if (address.isEmpty()) {
      return QueryOutcome.invalidArgument("validator address cannot be empty");
    }
    SimValidator v = byOperator(state, address);
    if (v == null) {
      return QueryOutcome.notFound("validator " + address + " not found");
    }
    return QueryOutcome.ok(reply.apply(v));
  }

  /** The validator with this operator address, or {@code null}. */
  private static SimValidator byOperator(ChainState state, String address) {
    for (SimValidator v : state.validators()) {
      if (v.created && v.operatorAddress.equals(address)) {
        return v;
      }
    }
    return null;
  }
}
