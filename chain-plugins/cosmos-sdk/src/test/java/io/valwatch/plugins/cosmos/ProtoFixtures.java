package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Commission;
import io.valwatch.proto.cosmos.staking.v1beta1.CommissionRates;
import io.valwatch.proto.cosmos.staking.v1beta1.Description;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Protobuf messages shaped like real Cosmos SDK replies. */
final class ProtoFixtures {
  /** The Cosmos Hub example ed25519 key; address D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8. */
  static final String ED25519_KEY = "LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw=";
  static final String ED25519_ADDRESS = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  static final String ED25519_VALCONS = "cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulf";
  /** The compressed secp256k1 generator point; address 751E76E8199196D454941C45D1B3A323F1433BD6. */
  static final String SECP256K1_KEY = "Anm+Zn753LusVaBilc6HCwcCm/zbLc4o2VnygVsW+BeY";
  static final String SECP256K1_ADDRESS = "751E76E8199196D454941C45D1B3A323F1433BD6";

  private ProtoFixtures() {}

  static Any ed25519(String base64) {
    return Any.newBuilder()
        .setTypeUrl("/cosmos.crypto.ed25519.PubKey")
        .setValue(
            io.valwatch.proto.cosmos.crypto.ed25519.PubKey.newBuilder()
                .setKey(ByteString.copyFrom(Base64.getDecoder().decode(base64)))
                .build()
                .toByteString())
        .build();
  }

  static Any secp256k1(String base64) {
    return Any.newBuilder()
        .setTypeUrl("/cosmos.crypto.secp256k1.PubKey")
        .setValue(
            io.valwatch.proto.cosmos.crypto.secp256k1.PubKey.newBuilder()
                .setKey(ByteString.copyFrom(Base64.getDecoder().decode(base64)))
                .build()
                .toByteString())
        .build();
  }

  /** A validator with a commission rate given in wire form (10^18-scaled integer). */
  static Validator validator(String operator, Any key, BondStatus status, String tokens, String moniker) {
    return Validator.newBuilder()
        .setOperatorAddress(operator)
        .setConsensusPubkey(key)
        .setStatus(status)
        .setTokens(tokens)
        .setDelegatorShares(tokens + "000000000000000000")
        .setDescription(Description.newBuilder().setMoniker(moniker))
        .setCommission(
            Commission.newBuilder()
                .setCommissionRates(
                    CommissionRates.newBuilder()
                        .setRate("50000000000000000")
                        .setMaxRate("200000000000000000")
                        .setMaxChangeRate("10000000000000000")))
        .setMinSelfDelegation("1")
        .build();
  }

  /**
   * The validator with the Cosmos Hub's liquid staking fields appended (validator_bond_shares = 14,
   * liquid_shares = 15), which the generated message does not know.
   */
  static Validator withLiquidStakingFields(Validator v) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      v.writeTo(bytes);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeString(14, "0");
      out.writeString(15, "1000000000000000000000");
      out.flush();
      return Validator.parseFrom(bytes.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * x/slashing Params written field by field, not with the generated builder, to pin the wire format of
   * the Cosmos Hub's values: fields 2, 4 and 5 are bytes holding the 10^18-scaled integer in ASCII.
   */
  static byte[] hubSlashingParamsBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt64(1, 10_000);
      out.writeBytes(2, ByteString.copyFromUtf8("50000000000000000"));
      out.writeMessage(3, Duration.newBuilder().setSeconds(600).build());
      out.writeBytes(4, ByteString.copyFromUtf8("50000000000000000"));
      out.writeBytes(5, ByteString.copyFromUtf8("100000000000000"));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
