package io.valwatch.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsensusKeyTest {
  @Test
  void ed25519AddressIsTheFirst20BytesOfSha256() {
    ConsensusKey key =
        ConsensusKey.fromBase64(KeyType.ED25519, "LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw=");

    assertThat(key.addressHex()).isEqualTo("D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8");
    assertThat(key.addressHex()).as("made once, shared by whatever holds it").isSameAs(key.addressHex());
    assertThat(Bech32.encode("cosmosvalcons", key.address()))
        .isEqualTo("cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulf");
  }

  @Test
  void secp256k1AddressIsRipemd160OfSha256() {
    // The compressed secp256k1 generator point; its HASH160 is the well-known 751e76e8... of BIP-173's
    // first segwit example, checked independently with hashlib.
    ConsensusKey key =
        ConsensusKey.fromBase64(KeyType.SECP256K1, "Anm+Zn753LusVaBilc6HCwcCm/zbLc4o2VnygVsW+BeY");

    assertThat(key.addressHex()).isEqualTo("751E76E8199196D454941C45D1B3A323F1433BD6");
  }

  @Test
  void rejectsAKeyOfTheWrongLength() {
    assertThatThrownBy(() -> ConsensusKey.of(KeyType.SECP256K1, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SECP256K1 key must be 33 bytes, got 32");
  }
}
