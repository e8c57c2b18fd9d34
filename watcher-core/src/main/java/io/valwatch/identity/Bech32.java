package io.valwatch.identity;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The bech32 encoding of BIP-173, as the Cosmos SDK uses it for addresses. This is bech32, not bech32m:
 * strings with a bech32m checksum are rejected. Data is given and returned as 8-bit bytes; the regrouping
 * into 5-bit words happens inside.
 */
public final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int MAX_LENGTH = 90;
  private static final int CHECKSUM_LENGTH = 6;
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final byte[] CHARSET_REV = new byte[128];

  static {
    Arrays.fill(CHARSET_REV, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
    }
  }

  private Bech32() {}

  /**
   * A decoded bech32 string.
   *
   * @param hrp the human-readable part, in lower case
   * @param data the payload as 8-bit bytes
   */
  public record Decoded(String hrp, byte[] data) {
    public Decoded {
      Objects.requireNonNull(hrp, "hrp");
      data = data.clone();
    }

    /** A copy of the payload bytes. */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Decoded other && hrp.equals(other.hrp) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
      return 31 * hrp.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Decoded[hrp=" + hrp + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
  }

  /**
   * Encodes bytes under a human-readable part, in lower case.
   *
   * @throws IllegalArgumentException if the hrp is empty, holds characters outside US-ASCII 33..126, or
   *     the result would be longer than 90 characters
   */
  public static String encode(String hrp, byte[] data) {
    Objects.requireNonNull(hrp, "hrp");
    Objects.requireNonNull(data, "data");
    if (hrp.isEmpty()) {
      throw new IllegalArgumentException("bech32 human-readable part must not be empty");
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException(
            "bech32 human-readable part '" + hrp + "' has an invalid character at position " + i);
      }
    }
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    byte[] words = convertBits(data, 8, 5, true);
    int length = lowerHrp.length() + 1 + words.length + CHECKSUM_LENGTH;
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 string for hrp '" + lowerHrp + "' and " + data.length + " bytes would be " + length
              + " characters, over the limit of " + MAX_LENGTH);
    }
    byte[] checksum = checksum(lowerHrp, words);
    StringBuilder out = new StringBuilder(length).append(lowerHrp).append('1');
    for (byte w : words) {
      out.append(CHARSET.charAt(w));
    }
    for (byte w : checksum) {
      out.append(CHARSET.charAt(w));
    }
    return out.toString();
  }

  /**
   * Decodes and verifies a bech32 string.
   *
   * @throws IllegalArgumentException naming the input if it is not valid bech32: mixed case, a bad
   *     character, no separator, too long, a wrong checksum, or padding that does not fit 8-bit bytes
   */
  public static Decoded decode(String bech32) {
    Objects.requireNonNull(bech32, "bech32");
    if (bech32.length() > MAX_LENGTH) {
      throw invalid(bech32, "longer than " + MAX_LENGTH + " characters");
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < bech32.length(); i++) {
      char c = bech32.charAt(i);
      if (c < 33 || c > 126) {
        throw invalid(bech32, "invalid character at position " + i);
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) {
      throw invalid(bech32, "mixed upper and lower case");
    }
    String s = bech32.toLowerCase(Locale.ROOT);
    int separator = s.lastIndexOf('1');
    if (separator < 1) {
      throw invalid(bech32, separator < 0 ? "no separator '1'" : "empty human-readable part");
    }
    if (s.length() - separator - 1 < CHECKSUM_LENGTH) {
      throw invalid(bech32, "too short for a checksum");
    }
    String hrp = s.substring(0, separator);
    byte[] values = new byte[s.length() - separator - 1];
    for (int i = 0; i < values.length; i++) {
      char c = s.charAt(separator + 1 + i);
      byte v = CHARSET_REV[c];
      if (v < 0) {
        throw invalid(bech32, "invalid data character '" + c + "' at position " + (separator + 1 + i));
      }
      values[i] = v;
    }
    if (polymod(hrp, values) != 1) {
      throw invalid(bech32, "checksum mismatch");
    }
    byte[] words = Arrays.copyOf(values, values.length - CHECKSUM_LENGTH);
    byte[] data;
    try {
      data = convertBits(words, 5, 8, false);
    } catch (IllegalArgumentException e) {
      throw invalid(bech32, e.getMessage());
    }
    return new Decoded(hrp, data);
  }

  private static IllegalArgumentException invalid(String input, String reason) {
    return new IllegalArgumentException("invalid bech32 string '" + input + "': " + reason);
  }

  private static byte[] checksum(String hrp, byte[] words) {
    byte[] values = Arrays.copyOf(words, words.length + CHECKSUM_LENGTH);
    int mod = polymod(hrp, values) ^ 1;
    byte[] checksum = new byte[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      checksum[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return checksum;
  }

  /** The BCH checksum over the expanded hrp followed by the values. */
  private static int polymod(String hrp, byte[] values) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) >> 5);
    }
    chk = step(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) & 31);
    }
    for (byte v : values) {
      chk = step(chk, v);
    }
    return chk;
  }

  private static int step(int chk, int value) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }

  private static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxValue = (1 << toBits) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
    for (byte b : in) {
      int value = b & 0xff;
      acc = (acc << fromBits) | value;
      bits += fromBits;
      while (bits >= toBits) {
        bits -= toBits;
        out.write((acc >>> bits) & maxValue);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (toBits - bits)) & maxValue);
      }
    } else if (bits >= fromBits) {
      throw new IllegalArgumentException("more than " + (fromBits - 1) + " bits of padding");
    } else if (((acc << (toBits - bits)) & maxValue) != 0) {
      throw new IllegalArgumentException("non-zero padding bits");
    }
    return out.toByteArray();
  }
}
