package io.valwatch.simnet.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MinterChainTest {
  private static MinterChain.Builder threeValidators() {
    return MinterChain.builder()
        .jailBlocks(50)
        .candidate("alice", 3_000)
        .candidate("bob", 2_000)
        .candidate("carol", 1_000);
  }

  @Test
  void thirteenthAbsenceInTwentyFourBlocksJailsAndSwitchesOff() {
    // bob misses heights 10..100; block H records the vote for H-1, so block 11 holds the first absence.
    MinterChain chain = threeValidators().offline("bob", 10, 100).build();

    chain.produceUntil(22);
    MinterValidatorTruth twelve = chain.truth().candidate("bob");
    assertThat(twelve.absentCount()).isEqualTo(12);
    assertThat(twelve.blocksUntilPenalty()).isZero();
    assertThat(twelve.validator()).isTrue();
    assertThat(twelve.status()).isEqualTo(2);
    assertThat(twelve.jailed()).isFalse();

    chain.produceUntil(23);
    MinterValidatorTruth punished = chain.truth().candidate("bob");
    assertThat(punished.validator()).isFalse();
    assertThat(punished.status()).isEqualTo(1);
    assertThat(punished.jailed()).isTrue();
    assertThat(punished.jailedUntil()).isEqualTo(23 + 50);
    assertThat(punished.absentCount()).isZero();
    assertThat(punished.missedBlocks()).isEqualTo("BA{24:________________________}");
  }

  @Test
  void aPunishedValidatorLeavesTheTendermintSetTwoBlocksLater() {
    MinterChain chain = threeValidators().offline("bob", 10, 100).build();

    chain.produceUntil(30);

    assertThat(chain.validatorSet(24).orElseThrow()).extracting(c -> c.name).contains("bob");
    assertThat(chain.validatorSet(25).orElseThrow()).extracting(c -> c.name).containsExactly("alice", "carol");
    MinterValidatorTruth bob = chain.truth().candidate("bob");
    assertThat(bob.signed()).isEqualTo(9); // heights 1..9
    assertThat(bob.missed()).isEqualTo(15); // heights 10..24, while still in the set
    assertThat(chain.truth().candidate("alice").signed()).isEqualTo(29); // heights 1..29
  }

  @Test
  void twelveAbsencesAreToleratedAndRollOutOfTheWindow() {
    MinterChain chain = threeValidators().offline("bob", 10, 21).build();

    chain.produceUntil(34);
    MinterValidatorTruth full = chain.truth().candidate("bob");
    assertThat(full.absentCount()).isEqualTo(12);
    assertThat(full.validator()).isTrue();
    assertThat(full.jailedUntil()).isZero();
    // bits 11..22 (the heights of the blocks that recorded the absences) are set
    assertThat(full.missedBlocks()).isEqualTo("BA{24:___________xxxxxxxxxxxx_}");

    chain.produceUntil(40); // blocks 35..40 overwrite bits 11..16 with signatures
    assertThat(chain.truth().candidate("bob").absentCount()).isEqualTo(6);
    assertThat(chain.truth().candidate("bob").missed()).isEqualTo(12);
  }

  @Test
  void absenceBitIsTheRecordingHeightModulo24() {
    MinterChain chain = threeValidators().offline("carol", 30, 30).build();

    chain.produceUntil(31);

    // the vote for 30 is in block 31: bit 31 % 24 = 7
    assertThat(chain.truth().candidate("carol").missedBlocks()).isEqualTo("BA{24:_______x________________}");
  }

  @Test
  void anOfflineValidatorDoesNotPropose() {
    MinterChain chain = threeValidators().offline("alice", 1, 1_000).build();

    chain.produceUntil(12);

    assertThat(chain.truth().candidate("alice").proposed()).isZero();
    MinterTruth truth = chain.truth();
    assertThat(truth.candidate("bob").proposed() + truth.candidate("carol").proposed()).isEqualTo(11);
  }

  @Test
  void onlyTheRichestCandidatesAreValidators() {
    MinterChain chain = threeValidators().maxValidators(2).build();

    chain.produceBlocks(3);

    assertThat(chain.truth().candidate("carol").validator()).isFalse();
    assertThat(chain.truth().candidate("carol").status()).isEqualTo(2);
    assertThat(chain.validatorSet(3).orElseThrow()).extracting(c -> c.name).containsExactly("alice", "bob");
  }

  @Test
  void keysFollowTheMinterForm() {
    MinterValidatorTruth alice = threeValidators().build().truth().candidate("alice");

    assertThat(alice.publicKey()).matches("Mp[0-9a-f]{64}");
    assertThat(alice.consensusAddressHex()).matches("[0-9A-F]{40}");
    assertThat(alice.totalStake().toString()).isEqualTo("3000" + "0".repeat(18));
  }

  @Test
  void builderRefusesUnknownNamesAndBadRanges() {
    assertThatThrownBy(() -> threeValidators().offline("dave", 1, 2).build())
        .hasMessageContaining("'dave'");
    assertThatThrownBy(() -> threeValidators().offline("bob", 5, 4))
        .hasMessageContaining("5..4");
    assertThatThrownBy(() -> threeValidators().candidate("bob", 1))
        .hasMessageContaining("declared twice");
  }
}
