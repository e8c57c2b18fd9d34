package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a validator's {@code consensus_pubkey}, a protobuf {@code Any}, as staking modules send it. */
final class ConsensusKeys {
  private static final Logger log = LoggerFactory.getLogger(ConsensusKeys.class);

  private ConsensusKeys() {}

  /**
   * The consensus key in {@code key}, or {@code null} (logged, naming {@code operator}) when the key is
   * missing, of an unknown type or malformed: such a validator is still reported, but its signatures cannot
   * be attributed.
   *
   * @param key the {@code consensus_pubkey} field, {@code null} when absent
   */
  static ConsensusKey fromAny(Any key, String operator) {
    if (key == null) {
      log.warn("Validator {} has no consensus public key", operator);
      return null;
    }
    KeyType type = KeyType.fromAnyTypeUrl(key.getTypeUrl()).orElse(null);
    if (type == null) {
      log.warn(
          "Validator {} has a consensus key of unsupported type {}; its signatures cannot be attributed",
          operator,
          key.getTypeUrl());
      return null;
    }
    try {
      return ConsensusKey.of(type, keyBytes(type, key.getValue()).toByteArray());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      log.warn("Validator {} has a malformed {} consensus key: {}", operator, type, e.getMessage());
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
