package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyDecTest {
  @ParameterizedTest
  @CsvSource({
    "50000000000000000, 0.05",
    "100000000000000, 0.0001",
    "1000000000000000000, 1",
    "0, 0",
    "-250000000000000000, -0.25",
    "123456789012345678901234567, 123456789.012345678901234567",
    // Some chains send the decimal form even over protobuf.
    "0.050000000000000000, 0.05",
    "1.5, 1.5"
  })
  void parsesScaledIntegersAndPlainDecimals(String wire, BigDecimal expected) {
    assertThat(LegacyDec.parse(wire)).isEqualByComparingTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"50000000000000000, 0.05", "0.5, 0.5"})
  void parsesAsciiBytes(String wire, BigDecimal expected) {
    assertThat(LegacyDec.parse(ByteString.copyFromUtf8(wire))).isEqualByComparingTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "5e17", "0x10", "1.2.3"})
  void rejectsWhatIsNotADecimalNamingIt(String wire) {
    assertThatThrownBy(() -> LegacyDec.parse(wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + wire + "' is not a LegacyDec");
  }
}
