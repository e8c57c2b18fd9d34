package io.valwatch.simnet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Hashing, hex, time and decimal encodings shared by the simulator's JSON and protobuf output. */
final class Encoding {
  static final HexFormat HEX = HexFormat.of().withUpperCase();
  /** SHA-256 of nothing: CometBFT's hash of an empty list of transactions, results or evidence. */
  static final String EMPTY_HASH = hex(sha256(new byte[0]));

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Encoding() {}

  static byte[] sha256(byte[] input) {
    return digest("SHA-256", input);
  }

  static byte[] sha256(String input) {
    return sha256(input.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha512(String input) {
    return digest("SHA-512", input.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Upper-case hex SHA-256 of a label, for the header hashes the simulator only needs to be plausible. */
  static String hashHex(String label) {
    return hex(sha256(label));
  }

  /** Go's RFC3339Nano in UTC: fraction digits without trailing zeros, no fraction when it is zero. */
  static String rfc3339Nano(Instant time) {
    StringBuilder out = new StringBuilder(SECONDS.format(time));
    int nanos = time.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append('Z').toString();
  }

  /** A Cosmos {@code LegacyDec} as it travels on the protobuf wire: the integer scaled by 10^18, in ASCII. */
  static String scaledDec(BigDecimal value) {
    return value.movePointRight(18).setScale(0, RoundingMode.DOWN).toBigIntegerExact().toString();
  }

  /** Parses a decimal fraction in [0, 1], naming the setting in the error. */
  static BigDecimal fraction(String value, String setting) {
    BigDecimal parsed;
    try {
      parsed = new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " must be a decimal like \"0.5\", got \"" + value + "\"", e);
    }
    if (parsed.signum() < 0 || parsed.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(setting + " must be between 0 and 1, got " + value);
    }
    if (parsed.scale() > 18) {
      throw new IllegalArgumentException(setting + " has more than 18 decimal places: " + value);
    }
    return parsed;
  }

  private static byte[] digest(String algorithm, byte[] input) {
    try {
      return MessageDigest.getInstance(algorithm).digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
