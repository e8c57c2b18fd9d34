package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.rpc.BlockHeader;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.Commit;
import io.valwatch.rpc.CommitSig;
import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.Vote;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitAttributionTest {
  private static final Instant TIME = Instant.parse("2026-01-01T00:00:10Z");
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
  private static final String A = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  private static final String B = "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567";
  private static final String C = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";

  private static final ValidatorSet SET =
      new ValidatorSet(
          10,
          List.of(
              new ConsensusValidator(A, null, 300, 0),
              new ConsensusValidator(B, null, 200, 0),
              new ConsensusValidator(C, null, 100, 0)));
  private static final BlockHeader HEADER = new BlockHeader("test-1", 10, TIME, B, "HASH10", "HASH11");

  private static CommitSig signed(String address) {
    return new CommitSig(BlockIdFlag.COMMIT, address, TIME);
  }

  private static CommitSig absent() {
    return new CommitSig(BlockIdFlag.ABSENT, "", ZERO_TIME);
  }

  @Test
  void absentSignatureIsAttributedByItsIndex() throws Exception {
    Commit commit =
        new Commit(10, 0, List.of(signed(A), absent(), new CommitSig(BlockIdFlag.NIL, C, TIME)));

    HeightVotes votes = CommitAttribution.attribute("test-1", HEADER, SET, commit);

    assertThat(votes.height()).isEqualTo(10);
    assertThat(votes.proposerAddress()).isEqualTo(B);
    assertThat(votes.time()).isEqualTo(TIME);
    assertThat(votes.votes())
        .containsExactly(
            new Vote(A, 300, BlockIdFlag.COMMIT), new Vote(B, 200, BlockIdFlag.ABSENT), new Vote(C, 100, BlockIdFlag.NIL));
  }

  @Test
  void addressesAreComparedIgnoringCase() throws Exception {
    Commit commit = new Commit(10, 0, List.of(signed(A.toLowerCase()), signed(B), signed(C)));
    assertThat(CommitAttribution.attribute("test-1", HEADER, SET, commit).votes()).hasSize(3);
  }

  @Test
  void refusesACommitThatDoesNotMatchTheSetSize() {
    Commit commit = new Commit(10, 0, List.of(signed(A), absent()));
    assertThatThrownBy(() -> CommitAttribution.attribute("test-1", HEADER, SET, commit))
        .isInstanceOf(InconsistentChainDataException.class)
        .hasMessage("chain test-1 height 10: the commit has 2 signatures but the validator set has 3 members");
  }

  @Test
  void refusesASignatureFromAnotherValidatorThanTheOneAtItsIndex() {
    Commit commit = new Commit(10, 0, List.of(signed(B), signed(A), signed(C)));
    assertThatThrownBy(() -> CommitAttribution.attribute("test-1", HEADER, SET, commit))
        .hasMessageContaining("signature 0 is from " + B + " but validator 0 of the set is " + A);
  }

  @Test
  void refusesACommitOrSetForAnotherHeight() {
    Commit commit = new Commit(9, 0, List.of(signed(A), signed(B), signed(C)));
    assertThatThrownBy(() -> CommitAttribution.attribute("test-1", HEADER, SET, commit))
        .hasMessageContaining("the commit is for height 9, not 10");
    ValidatorSet otherSet = new ValidatorSet(11, SET.validators());
    Commit good = new Commit(10, 0, List.of(signed(A), signed(B), signed(C)));
    assertThatThrownBy(() -> CommitAttribution.attribute("test-1", HEADER, otherSet, good))
        .hasMessageContaining("the validator set is for height 11, not 10");
  }

  @Test
  void refusesTheUnknownFlag() {
    Commit commit = new Commit(10, 0, List.of(signed(A), new CommitSig(BlockIdFlag.UNKNOWN, "", ZERO_TIME), signed(C)));
    assertThatThrownBy(() -> CommitAttribution.attribute("test-1", HEADER, SET, commit))
        .hasMessageContaining("signature 1 has block_id_flag 0");
  }
}
