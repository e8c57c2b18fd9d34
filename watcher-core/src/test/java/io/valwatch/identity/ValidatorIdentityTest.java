package io.valwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.identity.ValidatorIdentity.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorIdentityTest {
  private static final String HUB_PUBKEY = "LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw=";
  private static final String HUB_HEX = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  private static final String HUB_VALCONS = "cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulf";
  // The same 20 bytes under the operator prefix (operator addresses are account bytes, not consensus
  // bytes; reusing them only keeps the fixture short).
  private static final String VALOPER = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";
  private static final ConsensusKey HUB_KEY = ConsensusKey.fromBase64(KeyType.ED25519, HUB_PUBKEY);
  private static final ConsensusKey SECP_KEY =
      ConsensusKey.fromBase64(KeyType.SECP256K1, "Anm+Zn753LusVaBilc6HCwcCm/zbLc4o2VnygVsW+BeY");

  @Test
  void operatorAddress() {
    ValidatorIdentity id = ValidatorIdentity.parse(VALOPER);

    assertThat(id.kind()).isEqualTo(Kind.OPERATOR_ADDRESS);
    assertThat(id.consensusAddressHex()).isEmpty();
    assertThat(id.operatorAddress()).contains(VALOPER);
    assertThat(id.matches(VALOPER.toUpperCase(), null)).isTrue();
    assertThat(id.matches("cosmosvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7klfr0rt", HUB_KEY)).isFalse();
    assertThat(id.matches("not an address", HUB_KEY)).isFalse();
    assertThat(id.matches(null, HUB_KEY)).isFalse();
  }

  @Test
  void upperCaseOperatorAddressMatchesTheLowerCaseOne() {
    ValidatorIdentity id = ValidatorIdentity.parse(VALOPER.toUpperCase());

    assertThat(id.operatorAddress()).contains(VALOPER);
    assertThat(id.matches(VALOPER, null)).isTrue();
    assertThat(id).isEqualTo(ValidatorIdentity.parse(VALOPER));
  }

  @Test
  void consensusAddress() {
    ValidatorIdentity id = ValidatorIdentity.parse(HUB_VALCONS);

    assertThat(id.kind()).isEqualTo(Kind.CONSENSUS_ADDRESS);
    assertThat(id.consensusAddressHex()).contains(HUB_HEX);
    assertThat(id.operatorAddress()).isEmpty();
    assertThat(id.matches("cosmosvaloper1anything", HUB_KEY)).isTrue();
    assertThat(id.matches(VALOPER, SECP_KEY)).isFalse();
    assertThat(id.matches(VALOPER, null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {HUB_HEX, "d68eec0d2e8248f1ec64cdb585edb61eca432bd8", "d68EEC0d2e8248f1ec64cdb585edb61eca432bd8"})
  void hexConsensusAddressInAnyCase(String hex) {
    ValidatorIdentity id = ValidatorIdentity.parse(hex);

    assertThat(id.kind()).isEqualTo(Kind.CONSENSUS_ADDRESS_HEX);
    assertThat(id.consensusAddressHex()).contains(HUB_HEX);
    assertThat(id.matches(VALOPER, HUB_KEY)).isTrue();
  }

  @Test
  void ed25519PublicKey() {
    ValidatorIdentity id = ValidatorIdentity.parse("  " + HUB_PUBKEY + "\n");

    assertThat(id.kind()).isEqualTo(Kind.CONSENSUS_PUBKEY);
    assertThat(id.text()).isEqualTo(HUB_PUBKEY);
    assertThat(id.consensusKey()).contains(HUB_KEY);
    assertThat(id.consensusAddressHex()).contains(HUB_HEX);
    assertThat(id.matches(null, HUB_KEY)).isTrue();
  }

  @Test
  void secp256k1PublicKey() {
    ValidatorIdentity id = ValidatorIdentity.parse(SECP_KEY.base64());

    assertThat(id.kind()).isEqualTo(Kind.CONSENSUS_PUBKEY);
    assertThat(id.consensusKey()).contains(SECP_KEY);
    assertThat(id.consensusAddressHex()).contains("751E76E8199196D454941C45D1B3A323F1433BD6");
    assertThat(id.matches(null, SECP_KEY)).isTrue();
    assertThat(id.matches(null, HUB_KEY)).isFalse();
  }

  @Test
  void consensusBech32RendersHexInAnyCase() {
    assertThat(ValidatorIdentity.consensusBech32("cosmosvalcons", HUB_HEX.toLowerCase())).isEqualTo(HUB_VALCONS);
    assertThatThrownBy(() -> ValidatorIdentity.consensusBech32("cosmosvalcons", "D68E"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consensus address 'D68E' is not 40 hex characters");
  }

  @Test
  void rejectsABech32AddressOfAnotherKind() {
    String account = "cosmos1668wcrfwsfy0rmryek6ctmdkrm9yx27c00y4lm";
    assertThatThrownBy(() -> ValidatorIdentity.parse(account))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bech32 address '" + account + "' has prefix 'cosmos', which ends in neither 'valoper' nor 'valcons'");
  }

  @Test
  void rejectsAConsensusAddressWithABadChecksumAndSaysWhy() {
    String bad = "cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulg";
    assertThatThrownBy(() -> ValidatorIdentity.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + bad + "' is not a validator identity")
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void rejectsAValconsAddressThatIsNot20Bytes() {
    String short16 = Bech32.encode("cosmosvalcons", new byte[16]);
    assertThatThrownBy(() -> ValidatorIdentity.parse(short16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 16 bytes, expected 20");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD", "AAAA", "Z68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8"})
  void rejectsAnythingElseNamingTheInput(String junk) {
    assertThatThrownBy(() -> ValidatorIdentity.parse(junk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + junk + "' is not a validator identity");
  }
}
