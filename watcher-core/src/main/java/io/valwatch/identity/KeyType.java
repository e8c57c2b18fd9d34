package io.valwatch.identity;

import java.util.Optional;

/** The consensus key types valwatch can derive an address from. */
public enum KeyType {
  /** 32-byte ed25519 key; address = first 20 bytes of SHA-256(key). */
  ED25519("tendermint/PubKeyEd25519", "/cosmos.crypto.ed25519.PubKey", 32),
  /** 33-byte compressed secp256k1 key; address = RIPEMD-160(SHA-256(key)). */
  SECP256K1("tendermint/PubKeySecp256k1", "/cosmos.crypto.secp256k1.PubKey", 33);

  private final String cometJsonType;
  private final String anyTypeUrl;
  private final int keyLength;

  KeyType(String cometJsonType, String anyTypeUrl, int keyLength) {
    this.cometJsonType = cometJsonType;
    this.anyTypeUrl = anyTypeUrl;
    this.keyLength = keyLength;
  }

  /** The {@code pub_key.type} string CometBFT RPC JSON uses for this key type. */
  public String cometJsonType() {
    return cometJsonType;
  }

  /** The protobuf {@code Any} type URL the Cosmos SDK uses for this key type. */
  public String anyTypeUrl() {
    return anyTypeUrl;
  }

  /** The length in bytes of a key of this type. */
  public int keyLength() {
    return keyLength;
  }

  /** The key type named by a CometBFT JSON {@code pub_key.type}, if valwatch knows it. */
  public static Optional<KeyType> fromCometJsonType(String type) {
    for (KeyType t : values()) {
      if (t.cometJsonType.equals(type)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The key type named by a protobuf {@code Any} type URL, if valwatch knows it. */
  public static Optional<KeyType> fromAnyTypeUrl(String typeUrl) {
    for (KeyType t : values()) {
      if (t.anyTypeUrl.equals(typeUrl)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
