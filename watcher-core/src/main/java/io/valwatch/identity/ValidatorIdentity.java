package io.valwatch.identity;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A validator as a user names it: by operator address, by consensus address (bech32 or hex), by
 * consensus public key, or by a Minter public key. {@link #matches} tells whether a validator from the
 * staking module is the one meant.
 */
public final class ValidatorIdentity {
  private static final String OPERATOR_SUFFIX = "valoper";
  private static final String CONSENSUS_SUFFIX = "valcons";
  private static final int ADDRESS_LENGTH = 20;
  private static final String MINTER_KEY_PREFIX = "Mp";
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

  /** The form an identity was given in. */
  public enum Kind {
    /** A bech32 operator address whose prefix ends with {@code valoper}, such as {@code cosmosvaloper1...}. */
    OPERATOR_ADDRESS,
    /** A bech32 consensus address whose prefix ends with {@code valcons}, such as {@code cosmosvalcons1...}. */
    CONSENSUS_ADDRESS,
    /** A consensus address as 40 hex characters, as CometBFT RPC prints it. */
    CONSENSUS_ADDRESS_HEX,
    /** A base64 consensus public key: 32 bytes for ed25519, 33 for compressed secp256k1. */
    CONSENSUS_PUBKEY,
    /**
     * A Minter public key: {@code Mp} and the 32-byte ed25519 key in 64 hex characters, any case. On Minter
     * it is also the candidate's identity, so it serves as the operator address.
     */
    MINTER_PUBLIC_KEY
  }

  private final Kind kind;
  private final String text;
  private final Bech32.Decoded operator;
  private final String consensusAddressHex;
  private final ConsensusKey consensusKey;

  private ValidatorIdentity(
      Kind kind, String text, Bech32.Decoded operator, String consensusAddressHex, ConsensusKey key) {
    this.kind = kind;
    this.text = text;
    this.operator = operator;
    this.consensusAddressHex = consensusAddressHex;
    this.consensusKey = key;
  }

  /**
   * Reads an identity in any of the forms of {@link Kind}. Surrounding whitespace is ignored.
   *
   * @throws IllegalArgumentException naming the input when it is none of the accepted forms
   */
  public static ValidatorIdentity parse(String identity) {
    Objects.requireNonNull(identity, "identity");
    String text = identity.strip();
    Optional<ConsensusKey> minterKey = minterPublicKey(text);
    if (minterKey.isPresent()) {
      return new ValidatorIdentity(
          Kind.MINTER_PUBLIC_KEY, text, null, minterKey.get().addressHex(), minterKey.get());
    }
    if (text.length() == 2 * ADDRESS_LENGTH && isHex(text)) {
      return new ValidatorIdentity(
          Kind.CONSENSUS_ADDRESS_HEX, text, null, text.toUpperCase(Locale.ROOT), null);
    }
    Bech32.Decoded decoded = null;
    String bech32Problem = null;
    try {
      decoded = Bech32.decode(text);
    } catch (IllegalArgumentException e) {
      bech32Problem = e.getMessage();
    }
    if (decoded != null) {
      return fromBech32(text, decoded);
    }
    Optional<ConsensusKey> key = pubkeyFromBase64(text);
    if (key.isPresent()) {
      return new ValidatorIdentity(
          Kind.CONSENSUS_PUBKEY, text, null, key.get().addressHex(), key.get());
    }
    throw new IllegalArgumentException(
        "'" + identity + "' is not a validator identity: expected an operator address (<prefix>"
            + OPERATOR_SUFFIX + "1...), a consensus address (<prefix>" + CONSENSUS_SUFFIX
            + "1...), a " + 2 * ADDRESS_LENGTH + "-character hex consensus address, or a base64"
            + " ed25519 (32-byte) or secp256k1 (33-byte) consensus public key, or a Minter public key"
            + " (" + MINTER_KEY_PREFIX + " and " + 2 * KeyType.ED25519.keyLength() + " hex characters)"
            + (looksLikeBech32(text) ? " (" + bech32Problem + ")" : ""));
  }

  private static ValidatorIdentity fromBech32(String text, Bech32.Decoded decoded) {
    String hrp = decoded.hrp();
    if (hrp.endsWith(OPERATOR_SUFFIX)) {
      return new ValidatorIdentity(Kind.OPERATOR_ADDRESS, text, decoded, null, null);
    }
    if (hrp.endsWith(CONSENSUS_SUFFIX)) {
      byte[] address = decoded.data();
      if (address.length != ADDRESS_LENGTH) {
        throw new IllegalArgumentException(
            "consensus address '" + text + "' holds " + address.length + " bytes, expected "
                + ADDRESS_LENGTH);
      }
      return new ValidatorIdentity(
          Kind.CONSENSUS_ADDRESS, text, null, UPPER_HEX.formatHex(address), null);
    }
    throw new IllegalArgumentException(
        "bech32 address '" + text + "' has prefix '" + hrp + "', which ends in neither '"
            + OPERATOR_SUFFIX + "' nor '" + CONSENSUS_SUFFIX + "'");
  }

  private static Optional<ConsensusKey> pubkeyFromBase64(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    for (KeyType type : KeyType.values()) {
      if (bytes.length == type.keyLength()) {
        return Optional.of(ConsensusKey.of(type, bytes));
      }
    }
    return Optional.empty();
  }

  /** The ed25519 key of {@code Mp} + 64 hex characters (the prefix in any case), if that is the text. */
  private static Optional<ConsensusKey> minterPublicKey(String text) {
    int hexLength = 2 * KeyType.ED25519.keyLength();
    if (text.length() != MINTER_KEY_PREFIX.length() + hexLength
        || !text.regionMatches(true, 0, MINTER_KEY_PREFIX, 0, MINTER_KEY_PREFIX.length())) {
      return Optional.empty();
    }
    String hex = text.substring(MINTER_KEY_PREFIX.length());
    if (!isHex(hex)) {
      return Optional.empty();
    }
    return Optional.of(ConsensusKey.of(KeyType.ED25519, HexFormat.of().parseHex(hex)));
  }

  private static boolean isHex(String s) {
    return s.chars().allMatch(HexFormat::isHexDigit);
  }

  private static boolean looksLikeBech32(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.contains(OPERATOR_SUFFIX + "1") || lower.contains(CONSENSUS_SUFFIX + "1");
  }

  /**
   * The bech32 form of a consensus address, such as {@code cosmosvalcons1...} for hrp {@code
   * cosmosvalcons}.
   *
   * @param hrp the chain's consensus address prefix, e.g. {@code cosmosvalcons}
   * @param hex the 20-byte address in hex, any case
   * @throws IllegalArgumentException if {@code hex} is not 40 hex characters
   */
  public static String consensusBech32(String hrp, String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * ADDRESS_LENGTH || !isHex(hex)) {
      throw new IllegalArgumentException(
          "consensus address '" + hex + "' is not " + 2 * ADDRESS_LENGTH + " hex characters");
    }
    return Bech32.encode(hrp, HexFormat.of().parseHex(hex));
  }

  /** The form the identity was given in. */
  public Kind kind() {
    return kind;
  }

  /** The identity as given, without surrounding whitespace. */
  public String text() {
    return text;
  }

  /**
   * The upper-case hex consensus address. Empty for an operator address: that one is only resolved
   * through the staking module.
   */
  public Optional<String> consensusAddressHex() {
    return Optional.ofNullable(consensusAddressHex);
  }

  /** The consensus public key, present only when the identity was given as one (or as a Minter key). */
  public Optional<ConsensusKey> consensusKey() {
    return Optional.ofNullable(consensusKey);
  }

  /** The operator address in lower case, present only when the identity was given as one. */
  public Optional<String> operatorAddress() {
    return Optional.ofNullable(operator).map(d -> Bech32.encode(d.hrp(), d.data()));
  }

  /**
   * Whether a validator from the staking module is this one. An operator address identity compares the
   * decoded operator addresses, so case does not matter; a Minter public key matches an operator address
   * that is the same key (any case) or a consensus key with its address; the other kinds compare
   * consensus addresses.
   *
   * @param operatorAddress the validator's operator address; one that is not valid bech32 never matches
   *     an operator address identity
   * @param key the validator's consensus key, {@code null} when unknown
   */
  public boolean matches(String operatorAddress, ConsensusKey key) {
    if (kind == Kind.OPERATOR_ADDRESS) {
      if (operatorAddress == null) {
        return false;
      }
      try {
        return operator.equals(Bech32.decode(operatorAddress.strip()));
      } catch (IllegalArgumentException notBech32) {
        return false;
      }
    }
    if (kind == Kind.MINTER_PUBLIC_KEY
        && operatorAddress != null
        && minterPublicKey(operatorAddress.strip()).filter(consensusKey::equals).isPresent()) {
      return true;
    }
    return key != null && consensusAddressHex.equals(key.addressHex());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorIdentity other
        && kind == other.kind
        && Objects.equals(operator, other.operator)
        && Objects.equals(consensusAddressHex, other.consensusAddressHex)
        && Objects.equals(consensusKey, other.consensusKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, operator, consensusAddressHex, consensusKey);
  }

  @Override
  public String toString() {
    return kind + ":" + text;
  }
}
