package io.valwatch.simnet.minter;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MinterTransactionsTest {
  private static MinterChain.Builder twoValidators() {
    return MinterChain.builder().jailBlocks(50).candidate("alice", 3_000).candidate("bob", 2_000);
  }

  private static MinterChain.Rejection send(MinterChain chain, String tx) {
    return chain.submit(HexFormat.of().parseHex(tx.substring(2))).rejection();
  }

  @Test
  void writesTransactionsExactlyAsMintersGoSdkSignsThem() {
    // MinterTeam/minter-go-sdk, transaction/set_candidate_off_example_test.go: key 07bc17ab…f142, testnet,
    // nonce 1, gas price 1, gas coin 1, candidate Mp0eb98ea0…1a43
    OwnerKey key = new OwnerKey(new BigInteger("07bc17abdcee8b971bb8723e36fe9d2523306d5ab2d683631693238e0f9df142", 16));
    byte[] candidate = HexFormat.of().parseHex("0eb98ea04ae466d8d38f490db3c99b3996a90e24243952ce9822c6dc1e2c1a43");

    byte[] raw = SimTransaction.encode(1, 2, 1, 1, SimTransaction.SET_CANDIDATE_OFF, candidate, key);

    assertThat(key.address()).isEqualTo("Mx31e61a05adbd13c6b625262704bc305bf7725026");
    assertThat(HexFormat.of().formatHex(raw)).isEqualTo("f872010201010ba2e1a00eb98ea04ae466d8d38f490db3c99b3996a90e"
        + "24243952ce9822c6dc1e2c1a43808001b845f8431ca09c65f9b35430a5bcb64dc132f8167abbf878bf29ca2ad146a38a910d7b3"
        + "dd70fa0706248027a98d2f54e78ab0ab9378b0d134d7e20be04a10c8836b8911c30f41f");
    assertThat(key.verifies(SimTransaction.decode(raw).signedHash(), SimTransaction.decode(raw).signature())).isTrue();
  }

  @Test
  void aDeliveredCandidateOffSwitchesTheCandidateOffAndUsesTheNonce() {
    MinterChain chain = twoValidators().build();
    chain.produceUntil(10);
    String tx = chain.transaction("bob").candidateOff("bob").nonce(1).sign();

    assertThat(send(chain, tx)).isNull();
    assertThat(chain.truth().pendingTransactions()).isEqualTo(1);
    assertThat(chain.truth().candidate("bob").status()).isEqualTo(2);

    chain.produceBlocks(1);

    MinterValidatorTruth bob = chain.truth().candidate("bob");
    assertThat(bob.status()).isEqualTo(1);
    assertThat(bob.validator()).isFalse();
    assertThat(bob.ownerNonce()).isEqualTo(1);
    assertThat(chain.truth().transactions()).singleElement()
        .satisfies(t -> assertThat(t.height()).isEqualTo(11))
        .satisfies(t -> assertThat(t.code()).isZero())
        .satisfies(t -> assertThat(t.sender()).isEqualTo(bob.ownerAddress()));
    chain.produceBlocks(2);
    assertThat(chain.validatorSet(12).orElseThrow()).extracting(c -> c.name).contains("bob");
    assertThat(chain.validatorSet(13).orElseThrow()).extracting(c -> c.name).containsExactly("alice");
  }

  @Test
  void switchedOffInTimeTheCandidateIsNotJailedForItsAbsences() {
    MinterChain chain = twoValidators().offline("bob", 11, 60).build();
    chain.produceUntil(15);
    assertThat(send(chain, chain.transaction("bob").candidateOff("bob").sign())).isNull();

    chain.produceUntil(60);

    MinterValidatorTruth bob = chain.truth().candidate("bob");
    assertThat(bob.jailedUntil()).isZero();
    assertThat(bob.status()).isEqualTo(1);
    // the absences seen in the BeginBlock of 12..16 stay in the bitmap; none were recorded after
    assertThat(bob.absentCount()).isEqualTo(5);
  }

  @Test
  void refusesUsedForeignAndUnpayableTransactionsWithTheNodesCodes() {
    MinterChain chain = twoValidators().balance("alice", 0).build();
    chain.produceUntil(5);
    String first = chain.transaction("bob").candidateOff("bob").nonce(1).sign();
    assertThat(send(chain, first)).isNull();
    assertThat(send(chain, first).httpStatus()).isEqualTo(409);
    assertThat(send(chain, chain.transaction("bob").candidateOn("bob").nonce(1).sign()).code())
        .as("one transaction per sender in the mempool").isEqualTo(113);
    chain.produceBlocks(1);

    MinterChain.Rejection used = send(chain, chain.transaction("bob").candidateOff("bob").nonce(1).gasPrice(2).sign());
    assertThat(used.code()).isEqualTo(101);
    assertThat(used.data()).containsEntry("expected_nonce", "2").containsEntry("got_nonce", "1");
    assertThat(send(chain, chain.transaction("bob").candidateOff("alice").nonce(2).sign()).code())
        .as("signed by another candidate's owner").isEqualTo(406);
    assertThat(send(chain, chain.transaction("bob").candidateOff("bob").nonce(2).chainId(2).sign()).code())
        .isEqualTo(115);
    assertThat(send(chain, chain.transaction("alice").candidateOff("alice").sign()).code()).isEqualTo(107);
    assertThat(send(chain, "0xf801").code()).isEqualTo(106);
    assertThat(chain.truth().pendingTransactions()).isZero();
  }

  @Test
  void aDoubleSignIsPunishedOnlyWhileTheCandidateIsOnline() {
    MinterChain fenced = twoValidators().candidate("carol", 1_000).doubleSign("bob", 20).doubleSign("carol", 20)
        .build();
    fenced.produceUntil(10);
    assertThat(send(fenced, fenced.transaction("bob").candidateOff("bob").sign())).isNull();

    fenced.produceUntil(25);

    assertThat(fenced.truth().candidate("bob").slashed()).isZero();
    assertThat(fenced.truth().candidate("bob").totalStake()).isEqualTo(new BigInteger("2000" + "0".repeat(18)));
    MinterValidatorTruth carol = fenced.truth().candidate("carol");
    assertThat(carol.slashed()).isEqualTo(new BigInteger("50" + "0".repeat(18)));
    assertThat(carol.totalStake()).isZero();
    assertThat(carol.validator()).isFalse();
    assertThat(fenced.validatorSet(22).orElseThrow()).extracting(c -> c.name).containsExactly("alice");
  }

  @Test
  void aJailedCandidateIsSwitchedOnOnlyAfterItsJailAndRejoinsAtTheNextUpdate() {
    MinterChain chain = twoValidators().validatorUpdatePeriod(40).offline("bob", 2, 14).build();
    chain.produceUntil(16);
    MinterValidatorTruth jailed = chain.truth().candidate("bob");
    assertThat(jailed.jailed()).isTrue();
    assertThat(send(chain, chain.transaction("bob").candidateOn("bob").sign()).code()).isEqualTo(414);

    chain.produceUntil(jailed.jailedUntil());
    assertThat(send(chain, chain.transaction("bob").candidateOn("bob").sign())).isNull();
    chain.produceUntil(81);

    assertThat(chain.truth().candidate("bob").status()).isEqualTo(2);
    assertThat(chain.validatorSet(81).orElseThrow()).extracting(c -> c.name).containsExactly("alice");
    chain.produceUntil(82);
    assertThat(chain.validatorSet(82).orElseThrow()).extracting(c -> c.name).containsExactly("alice", "bob");
    assertThat(chain.truth().candidate("bob").validator()).isTrue();
  }
}
