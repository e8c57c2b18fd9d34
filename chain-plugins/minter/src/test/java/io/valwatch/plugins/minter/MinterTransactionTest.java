package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.plugins.minter.MinterTransaction.InvalidTransactionException;
import org.junit.jupiter.api.Test;

/**
 * Decoding against transactions signed by Minter's own Go SDK (MinterTeam/minter-go-sdk, examples in
 * {@code transaction/*_example_test.go}: private key {@code 07bc17ab…f142} on the testnet, whose address
 * the SDK prints as {@code Mx31e61a05adbd13c6b625262704bc305bf7725026}).
 */
class MinterTransactionTest {
  static final String SDK_SENDER = "Mx31e61a05adbd13c6b625262704bc305bf7725026";
  /** {@code ExampleNewSetCandidateOffData}: nonce 1, gas price 1, gas coin 1, testnet. */
  static final String SDK_CANDIDATE_OFF = "0xf872010201010ba2e1a00eb98ea04ae466d8d38f490db3c99b3996a90e24243952ce9822"
      + "c6dc1e2c1a43808001b845f8431ca09c65f9b35430a5bcb64dc132f8167abbf878bf29ca2ad146a38a910d7b3dd70fa0706248"
      + "027a98d2f54e78ab0ab9378b0d134d7e20be04a10c8836b8911c30f41f";
  static final String SDK_CANDIDATE_KEY = "Mp0eb98ea04ae466d8d38f490db3c99b3996a90e24243952ce9822c6dc1e2c1a43";
  /** {@code ExampleBuilder_NewTransaction_signSingleSignature_simple}: a send of 1 coin, and its hash. */
  private static final String SDK_SEND = "0xf8700102010101a0df01941b685a7c1e78726c48f619c497a07ed75fe00483880de0b6b3"
      + "a7640000808001b845f8431ba0fffc3f503ace8a5d0c87efe50cf33ad41e3475459120d9c6fd75bd796b192313a0243d643a799e"
      + "844ad82382d41cee98137a1d0c5888ff13951919e5e241ab89e0";
  private static final String SDK_SEND_HASH = "Mtec2166cced36276426360a79934fbf49f29f9e48e9d1f06ef4afc4f557aa3767";

  @Test
  void decodesTheSdksCandidateOffTransaction() throws Exception {
    MinterTransaction tx = MinterTransaction.decode(SDK_CANDIDATE_OFF);

    assertThat(tx.type()).isEqualTo(MinterTransaction.TYPE_SET_CANDIDATE_OFF);
    assertThat(tx.candidateKey()).contains(SDK_CANDIDATE_KEY);
    assertThat(tx.nonce()).isEqualTo(1);
    assertThat(tx.chainId()).isEqualTo(MinterTransaction.CHAIN_TESTNET);
    assertThat(tx.gasPrice()).isEqualTo(1);
    assertThat(tx.gasCoin()).isEqualTo(1);
    assertThat(tx.sender()).isEqualTo(SDK_SENDER);
    assertThat(tx.multisig()).isFalse();
    assertThat(tx.hex()).isEqualTo(SDK_CANDIDATE_OFF);
  }

  @Test
  void recoversTheSenderAndHashOfAnotherType() throws Exception {
    MinterTransaction tx = MinterTransaction.decode(SDK_SEND);

    assertThat(tx.type()).isEqualTo(1);
    assertThat(tx.candidateKey()).isEmpty();
    assertThat(tx.sender()).isEqualTo(SDK_SENDER);
    assertThat(tx.hash()).isEqualTo(SDK_SEND_HASH);
  }

  @Test
  void neverShowsTheTransactionInTextOrErrors() throws Exception {
    MinterTransaction tx = MinterTransaction.decode(SDK_CANDIDATE_OFF);
    String body = SDK_CANDIDATE_OFF.substring(2);

    assertThat(tx.toString()).doesNotContain(body.substring(0, 40)).contains("SetCandidateOffline", SDK_SENDER);
    String truncated = SDK_CANDIDATE_OFF.substring(0, SDK_CANDIDATE_OFF.length() - 2);
    assertThatThrownBy(() -> MinterTransaction.decode(truncated))
        .isInstanceOf(InvalidTransactionException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 20)));
  }

  @Test
  void aChangedByteChangesTheSignerOrBreaksTheSignature() throws Exception {
    // nonce 1 -> 2: still a valid signature, but by someone else; that is why the sender is checked
    String otherNonce = "0xf872020201010b" + SDK_CANDIDATE_OFF.substring(16);
    assertThat(MinterTransaction.decode(otherNonce).sender()).isNotEqualTo(SDK_SENDER);
  }

  @Test
  void refusesWhatTheNodeRefuses() {
    assertThatThrownBy(() -> MinterTransaction.decode("f872")).hasMessageContaining("0x");
    assertThatThrownBy(() -> MinterTransaction.decode("0xzz")).hasMessageContaining("hex");
    assertThatThrownBy(() -> MinterTransaction.decode("0x" + "c0")).hasMessageContaining("0 fields");
    // a trailing byte after the list
    assertThatThrownBy(() -> MinterTransaction.decode(SDK_CANDIDATE_OFF + "00")).hasMessageContaining("follow");
    // nonce 1 written as 0x8101 (non-canonical)
    assertThatThrownBy(() -> MinterTransaction.decode("0xf873" + "8101" + SDK_CANDIDATE_OFF.substring(8)))
        .hasMessageContaining("single byte");
  }

  @Test
  void keccakIsTheOriginalKeccakNotSha3() {
    // Keccak-256 of the empty string, as Ethereum and Minter use it
    assertThat(java.util.HexFormat.of().formatHex(Secp256k1.keccak256(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }
}
