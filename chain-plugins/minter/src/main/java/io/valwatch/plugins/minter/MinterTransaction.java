package io.valwatch.plugins.minter;

import io.valwatch.plugins.minter.Rlp.Item;
import io.valwatch.plugins.minter.Rlp.RlpException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A signed Minter transaction, decoded as the node decodes it: the RLP list {@code [nonce, chain_id,
 * gas_price, gas_coin, type, data, payload, service_data, signature_type, signature_data]}, signed over
 * Keccak-256 of the RLP of its first nine fields. Only the fields a guard checks are kept; the transaction
 * itself is held for broadcasting and never appears in {@link #toString()} or any message, because anyone
 * who has it can switch the validator off.
 */
final class MinterTransaction {
  /** {@code TypeSetCandidateOnline}. */
  static final int TYPE_SET_CANDIDATE_ON = 0x0A;
  /** {@code TypeSetCandidateOffline}. */
  static final int TYPE_SET_CANDIDATE_OFF = 0x0B;
  static final int CHAIN_MAINNET = 1;
  static final int CHAIN_TESTNET = 2;
  private static final int SIGNATURE_SINGLE = 1;
  private static final int SIGNATURE_MULTI = 2;
  /** The node refuses longer transactions ({@code maxTxLength}: 6,144 plus the longest payload). */
  private static final int MAX_LENGTH = 6144 + 10_000;

  private final byte[] raw;
  private final long nonce;
  private final int chainId;
  private final long gasPrice;
  private final long gasCoin;
  private final int type;
  private final Optional<String> candidateKey;
  private final String sender;
  private final List<String> signers;
  private final boolean multisig;
  private final String hash;

  private MinterTransaction(byte[] raw, long nonce, int chainId, long gasPrice, long gasCoin, int type,
      Optional<String> candidateKey, String sender, List<String> signers, boolean multisig) {
    this.raw = raw;
    this.nonce = nonce;
    this.chainId = chainId;
    this.gasPrice = gasPrice;
    this.gasCoin = gasCoin;
    this.type = type;
    this.candidateKey = candidateKey;
    this.sender = sender;
    this.signers = signers;
    this.multisig = multisig;
    this.hash = "Mt" + HexFormat.of().formatHex(sha256(raw));
  }

  /**
   * Decodes a transaction as API v2 takes it: {@code 0x} and hex digits (surrounding white space is ignored).
   *
   * @throws InvalidTransactionException saying what is wrong, without repeating the input
   */
  static MinterTransaction decode(String text) throws InvalidTransactionException {
    String hex = text.strip();
    if (!hex.startsWith("0x") && !hex.startsWith("0X")) {
      throw new InvalidTransactionException("does not start with 0x");
    }
    byte[] raw;
    try {
      raw = HexFormat.of().parseHex(hex.substring(2));
    } catch (IllegalArgumentException e) {
      throw new InvalidTransactionException("is not hex after 0x");
    }
    if (raw.length > MAX_LENGTH) {
      throw new InvalidTransactionException("is " + raw.length + " bytes long; the node takes at most " + MAX_LENGTH);
    }
    try {
      return decode(raw);
    } catch (RlpException e) {
      throw new InvalidTransactionException("is not a Minter transaction: " + e.getMessage());
    }
  }

  private static MinterTransaction decode(byte[] raw) throws RlpException, InvalidTransactionException {
    List<Item> fields = Rlp.decode(raw).list("the transaction");
    if (fields.size() != 10) {
      throw new RlpException("the transaction has " + fields.size() + " fields, expected 10");
    }
    long nonce = fields.get(0).unsigned("nonce", 63).longValue();
    int chainId = fields.get(1).unsigned("chain_id", 8).intValue();
    long gasPrice = fields.get(2).unsigned("gas_price", 32).longValue();
    long gasCoin = fields.get(3).unsigned("gas_coin", 32).longValue();
    int type = fields.get(4).unsigned("type", 8).intValue();
    byte[] data = fields.get(5).bytes("data");
    fields.get(6).bytes("payload");
    fields.get(7).bytes("service_data");
    int signatureType = fields.get(8).unsigned("signature_type", 8).intValue();
    byte[] signatureData = fields.get(9).bytes("signature_data");

    Optional<String> candidateKey = Optional.empty();
    if (type == TYPE_SET_CANDIDATE_ON || type == TYPE_SET_CANDIDATE_OFF) {
      List<Item> payload = Rlp.decode(data).list("data");
      if (payload.size() != 1) {
        throw new RlpException("the data of a candidate switch has " + payload.size() + " fields, expected 1");
      }
      byte[] key = payload.get(0).bytes("data.pub_key");
      if (key.length != 32) {
        throw new RlpException("data.pub_key is " + key.length + " bytes, expected 32");
      }
      candidateKey = Optional.of("Mp" + HexFormat.of().formatHex(key));
    }

    List<byte[]> signed = new ArrayList<>(9);
    for (int i = 0; i < 9; i++) {
      signed.add(fields.get(i).encoded());
    }
    byte[] signedHash = Secp256k1.keccak256(Rlp.list(signed));
    List<Item> signature = Rlp.decode(signatureData).list("signature_data");
    String sender;
    List<String> signers = new ArrayList<>();
    switch (signatureType) {
      case SIGNATURE_SINGLE -> {
        sender = signer(signedHash, signature, "signature_data");
        signers.add(sender);
      }
      case SIGNATURE_MULTI -> {
        if (signature.size() != 2) {
          throw new RlpException("a multisignature has " + signature.size() + " fields, expected 2");
        }
        byte[] address = signature.get(0).bytes("signature_data.multisig");
        if (address.length != 20) {
          throw new RlpException("signature_data.multisig is " + address.length + " bytes, expected 20");
        }
        sender = "Mx" + HexFormat.of().formatHex(address);
        List<Item> each = signature.get(1).list("signature_data.signatures");
        for (int i = 0; i < each.size(); i++) {
          signers.add(signer(signedHash, each.get(i).list("signature_data.signatures[" + i + "]"),
              "signature_data.signatures[" + i + "]"));
        }
      }
      default -> throw new InvalidTransactionException("has signature type " + signatureType
          + "; Minter knows 1 (single) and 2 (multisignature)");
    }
    return new MinterTransaction(raw, nonce, chainId, gasPrice, gasCoin, type, candidateKey, sender,
        List.copyOf(signers), signatureType == SIGNATURE_MULTI);
  }

  private static String signer(byte[] hash, List<Item> vrs, String what)
      throws RlpException, InvalidTransactionException {
    if (vrs.size() != 3) {
      throw new RlpException(what + " has " + vrs.size() + " fields, expected v, r and s");
    }
    return Secp256k1.recoverAddress(hash,
            vrs.get(0).unsigned(what + ".v", 256),
            vrs.get(1).unsigned(what + ".r", 256),
            vrs.get(2).unsigned(what + ".s", 256))
        .orElseThrow(() -> new InvalidTransactionException("carries an invalid signature (" + what + ")"));
  }

  long nonce() {
    return nonce;
  }

  int chainId() {
    return chainId;
  }

  long gasPrice() {
    return gasPrice;
  }

  long gasCoin() {
    return gasCoin;
  }

  int type() {
    return type;
  }

  /** The {@code Mp…} key a candidate switch is for; empty for other types. */
  Optional<String> candidateKey() {
    return candidateKey;
  }

  /** The {@code Mx…} address the transaction is from: the signer, or the multisig address. */
  String sender() {
    return sender;
  }

  /** The addresses that signed: one, or each signer of a multisignature. */
  List<String> signers() {
    return signers;
  }

  boolean multisig() {
    return multisig;
  }

  /** The hash the node reports for it: {@code Mt} and SHA-256 of the encoded transaction. */
  String hash() {
    return hash;
  }

  /** The transaction as API v2 takes it. Never log it. */
  String hex() {
    return "0x" + HexFormat.of().formatHex(raw);
  }

  /** A name for messages, such as {@code SetCandidateOffline (0x0b)}. */
  static String typeName(int type) {
    String hex = String.format(Locale.ROOT, "0x%02x", type);
    return switch (type) {
      case TYPE_SET_CANDIDATE_ON -> "SetCandidateOnline (" + hex + ")";
      case TYPE_SET_CANDIDATE_OFF -> "SetCandidateOffline (" + hex + ")";
      default -> "type " + hex;
    };
  }

  /** What identifies the transaction without disclosing it. */
  @Override
  public String toString() {
    return typeName(type) + " " + hash + " from " + sender + " nonce " + nonce;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A transaction that cannot be used; the message says why and never contains the transaction. */
  static final class InvalidTransactionException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTransactionException(String message) {
      super(message);
    }
  }
}
