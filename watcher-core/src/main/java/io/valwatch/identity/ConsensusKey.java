package io.valwatch.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/** A validator's consensus public key, from which its consensus address is derived. */
public final class ConsensusKey {
  private final KeyType type;
  private final byte[] bytes;
  /**
   * {@link #addressHex()}, made at its first call and then shared by every map and snapshot that holds the
   * address; two threads racing may each make it once, with the same text.
   */
  private String addressHex;

  private ConsensusKey(KeyType type, byte[] bytes) {
    this.type = Objects.requireNonNull(type, "type");
    if (bytes.length != type.keyLength()) {
      throw new IllegalArgumentException(
          type + " key must be " + type.keyLength() + " bytes, got " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /** A key of the given type from its raw bytes; fails if the length does not fit the type. */
  public static ConsensusKey of(KeyType type, byte[] bytes) {
    return new ConsensusKey(type, bytes);
  }

  /** A key of the given type from its base64 form, as CometBFT and the Cosmos SDK print it. */
  public static ConsensusKey fromBase64(KeyType type, String base64) {
    return new ConsensusKey(type, Base64.getDecoder().decode(base64));
  }

  public KeyType type() {
    return type;
  }

  /** A copy of the raw key bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The key in base64. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The 20-byte consensus address this key signs with. */
  public byte[] address() {
    byte[] sha = digest("SHA-256", bytes);
    return switch (type) {
      case ED25519 -> Arrays.copyOf(sha, 20);
      case SECP256K1 -> Ripemd160.digest(sha);
    };
  }

  /** The consensus address in upper-case hex, as CometBFT RPC prints it. */
  public String addressHex() {
    String hex = addressHex;
    if (hex == null) {
      hex = HexFormat.of().withUpperCase().formatHex(address());
      addressHex = hex;
    }
    return hex;
  }

  private static byte[] digest(String algorithm, byte[] input) {
    try {
      return MessageDigest.getInstance(algorithm).digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsensusKey other && type == other.type && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return type + ":" + base64();
  }
}
