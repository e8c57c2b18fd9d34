package io.valwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test vectors published with the RIPEMD-160 specification. */
class Ripemd160Test {
  @ParameterizedTest
  @CsvSource({
    "'', 9c1185a5c5e9fc54612808977ee8f548b2258d31",
    "a, 0bdc9d2d256b3ee9daae347be6f4dc835a467ffe",
    "abc, 8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
    "message digest, 5d0689ef49d2fae572b881b123a85ffa21595f36",
    "abcdefghijklmnopqrstuvwxyz, f71c27109c692c1b56bbdceb5b9d2865b3708dbc",
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq, 12a053384a9c0c88e405a06c27dcf49ada62eb2b",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789, b0e20b6e3116640286ed3a87a5713079b21f5189"
  })
  void specVectors(String message, String expectedHex) {
    assertThat(hex(message)).isEqualTo(expectedHex);
  }

  @Test
  void eightTimesOneToZero() {
    assertThat(hex("1234567890".repeat(8))).isEqualTo("9b752e45573d4b39f4dbd3323cab82bf63326bfb");
  }

  @Test
  void oneMillionA() {
    assertThat(hex("a".repeat(1_000_000))).isEqualTo("52783243c1697bdbe16d37f97f68f08325dc1528");
  }

  private static String hex(String message) {
    return HexFormat.of().formatHex(Ripemd160.digest(message.getBytes(StandardCharsets.US_ASCII)));
  }
}
