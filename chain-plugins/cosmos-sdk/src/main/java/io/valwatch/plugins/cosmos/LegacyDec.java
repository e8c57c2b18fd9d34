package io.valwatch.plugins.cosmos;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads the Cosmos SDK's {@code LegacyDec} as it travels over protobuf: the decimal value times 10^18
 * written as an ASCII integer with no decimal point ({@code "50000000000000000"} is 0.05). A value that
 * already has a decimal point, as the REST API and some chains send, is read as a plain decimal.
 */
final class LegacyDec {
  private static final int PRECISION = 18;

  private LegacyDec() {}

  /**
   * The decimal a wire string stands for.
   *
   * @throws IllegalArgumentException naming the text when it is not an integer or decimal
   */
  static BigDecimal parse(String text) {
    try {
      if (text.indexOf('.') >= 0) {
        return new BigDecimal(text);
      }
      return new BigDecimal(new BigInteger(text), PRECISION);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a LegacyDec", e);
    }
  }

  /** The decimal in a {@code bytes} field that holds the wire string, as x/slashing params do. */
  static BigDecimal parse(ByteString ascii) {
    return parse(ascii.toString(StandardCharsets.US_ASCII));
  }
}
