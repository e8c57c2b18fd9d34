package io.valwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.identity.ValidatorIdentity.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorIdentityMinterKeyTest {
  // The Cosmos Hub test vector of the wire reference, written as a Minter public key.
  private static final String MP = "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31c";
  private static final String HEX = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  private static final ConsensusKey KEY =
      ConsensusKey.fromBase64(KeyType.ED25519, "LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw=");
  private static final ConsensusKey OTHER_KEY = ConsensusKey.of(KeyType.ED25519, new byte[32]);

  @ParameterizedTest
  @ValueSource(strings = {MP, "MP2ED88754B09C13EA05208D2FA4897D99F9060E693D0693E0D5E524BCA9CEE31C",
      "mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31c", "  " + MP + "\n"})
  void minterPublicKeyInAnyCase(String text) {
    ValidatorIdentity id = ValidatorIdentity.parse(text);

    assertThat(id.kind()).isEqualTo(Kind.MINTER_PUBLIC_KEY);
    assertThat(id.consensusKey()).contains(KEY);
    assertThat(id.consensusAddressHex()).contains(HEX);
    assertThat(id.operatorAddress()).isEmpty();
    assertThat(id).isEqualTo(ValidatorIdentity.parse(MP));
  }

  @Test
  void matchesTheSameKeyAsOperatorAddressInAnyCase() {
    ValidatorIdentity id = ValidatorIdentity.parse(MP);

    assertThat(id.matches(MP, null)).isTrue();
    assertThat(id.matches(MP.toUpperCase(), OTHER_KEY)).isTrue();
    assertThat(id.matches("Mp" + "00".repeat(32), null)).isFalse();
    assertThat(id.matches("Mx" + "00".repeat(20), null)).isFalse();
    assertThat(id.matches(null, null)).isFalse();
  }

  @Test
  void matchesByConsensusKeyWhateverTheOperatorAddress() {
    ValidatorIdentity id = ValidatorIdentity.parse(MP);

    assertThat(id.matches("cosmosvaloper1anything", KEY)).isTrue();
    assertThat(id.matches("Mp" + "00".repeat(32), OTHER_KEY)).isFalse();
  }

  @Test
  void hexConsensusAddressIdentityMatchesAMinterValidator() {
    assertThat(ValidatorIdentity.parse(HEX).matches(MP, KEY)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31", // 63 hex characters
      "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31cc", // 65
      "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31g", // not hex
      "Mx2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31c" // wrong prefix
  })
  void nearMissesAreRefusedNamingTheMinterForm(String text) {
    assertThatThrownBy(() -> ValidatorIdentity.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text)
        .hasMessageContaining("Minter public key (Mp and 64 hex characters)");
  }
}
