package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.BondStatus;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmittedTextTest {
  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertThat(EmittedText.printable("node\n2026-01-01 ERROR forged\r\u001B[31mred\u2028x\u202Ey"))
        .isEqualTo("node\\n2026-01-01 ERROR forged\\r\\u001B[31mred\\u2028x\\u202Ey");
    assertThat(EmittedText.printable("plain moniker ✓")).isEqualTo("plain moniker ✓");
  }

  @Test
  void capSaysHowMuchWasLeftOut() {
    assertThat(EmittedText.cap("abcdef", 4)).isEqualTo("abcd... (2 more characters)");
    assertThat(EmittedText.cap("abc", 4)).isEqualTo("abc");
    assertThat(EmittedText.cap(null)).isEmpty();
  }

  @Test
  void aMonikerCannotForgeALogLine() {
    ValidatorInfo v =
        ValidatorInfo.builder()
            .operatorAddress("cosmosvaloper1x")
            .moniker("evil\n2026-12-04T10:00:00Z ERROR x\u001B[2J")
            .tokens(BigInteger.ONE)
            .tokensByDenom(Map.of())
            .votingPower(1)
            .status(BondStatus.BONDED)
            .jailed(false)
            .build();

    assertThat(v.moniker()).doesNotContain("\n", "\u001B").isEqualTo("evil\\n2026-12-04T10:00:00Z ERROR x\\u001B[2J");
  }
}
