package io.valwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Bech32Test {
  private static final HexFormat HEX = HexFormat.of();

  /** The valid bech32 strings of BIP-173; each must decode and re-encode to itself in lower case. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl"
      })
  void bip173ValidStringsRoundTrip(String valid) {
    Bech32.Decoded decoded = Bech32.decode(valid);

    assertThat(Bech32.encode(decoded.hrp(), decoded.data())).isEqualTo(valid.toLowerCase(Locale.ROOT));
  }

  @Test
  void decodesBip173PayloadsToBytes() {
    assertThat(Bech32.decode("A12UEL5L")).isEqualTo(new Bech32.Decoded("a", new byte[0]));
    assertThat(Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"))
        .isEqualTo(new Bech32.Decoded("abcdef", HEX.parseHex("00443214c74254b635cf84653a56d7c675be77df")));
    assertThat(
            Bech32.decode(
                    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j")
                .data())
        .hasSize(51)
        .containsOnly(0);
  }

  /** The invalid strings of BIP-173, with the reason the BIP gives. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\u00201nwldj5|HRP character out of range",
        "\u007f1axkwrx|HRP character out of range",
        "\u00801eym55h|HRP character out of range",
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx|overall max length exceeded",
        "pzry9x0s0muk|no separator character",
        "1pzry9x0s0muk|empty HRP",
        "x1b4n0q5v|invalid data character",
        "li1dgmt3|too short checksum",
        "de1lg7wt\u00ff|invalid character in checksum",
        "A1G7SGD8|checksum calculated with uppercase form of HRP",
        "10a06t8|empty HRP",
        "1qzzfhee|empty HRP"
      },
      ignoreLeadingAndTrailingWhitespace = false)
  void rejectsBip173InvalidStrings(String invalid, String reason) {
    assertThatThrownBy(() -> Bech32.decode(invalid))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + invalid + "'");
  }

  @Test
  void rejectsMixedCase() {
    assertThatThrownBy(() -> Bech32.decode("a12UEL5L"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid bech32 string 'a12UEL5L': mixed upper and lower case");
  }

  @Test
  void rejectsBech32mChecksum() {
    // A valid bech32m string from BIP-350; Cosmos addresses are plain bech32.
    assertThatThrownBy(() -> Bech32.decode("a1lqfn3a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void rejectsAChangedCharacter() {
    String bad = "cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulg";
    assertThatThrownBy(() -> Bech32.decode(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid bech32 string '" + bad + "': checksum mismatch");
  }

  @Test
  void cosmosConsensusAddressRoundTrips() {
    byte[] address = HEX.parseHex("D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8");

    assertThat(Bech32.encode("cosmosvalcons", address))
        .isEqualTo("cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulf");
    assertThat(Bech32.decode("COSMOSVALCONS1668WCRFWSFY0RMRYEK6CTMDKRM9YX27C7GRULF"))
        .isEqualTo(new Bech32.Decoded("cosmosvalcons", address));
  }

  @Test
  void encodeRejectsAResultOver90Characters() {
    assertThatThrownBy(() -> Bech32.encode("cosmos", new byte[60]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the limit of 90");
  }

  @Test
  void encodeRejectsAnEmptyHrp() {
    assertThatThrownBy(() -> Bech32.encode("", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }

  @Test
  void decodedCopiesItsBytes() {
    byte[] data = {1, 2, 3};
    Bech32.Decoded decoded = new Bech32.Decoded("x", data);
    data[0] = 9;
    decoded.data()[1] = 9;

    assertThat(decoded.data()).containsExactly(1, 2, 3);
    assertThat(decoded.toString()).isEqualTo("Decoded[hrp=x, data=010203]");
  }
}
