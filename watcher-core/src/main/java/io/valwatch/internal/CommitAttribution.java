package io.valwatch.internal;

import io.valwatch.rpc.BlockHeader;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.Commit;
import io.valwatch.rpc.CommitSig;
import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a CometBFT commit into attributed votes: signature {@code i} belongs to validator {@code i} of the
 * set at the commit's height. Anything that does not line up is refused, because a wrong attribution would
 * blame the wrong validator.
 */
final class CommitAttribution {
  private CommitAttribution() {}

  static HeightVotes attribute(String chainId, BlockHeader header, ValidatorSet set, Commit commit)
      throws InconsistentChainDataException {
    long h = header.height();
    if (commit.height() != h) {
      throw new InconsistentChainDataException(
          chainId, h, "the commit is for height " + commit.height() + ", not " + h);
    }
    if (set.height() != h) {
      throw new InconsistentChainDataException(
          chainId, h, "the validator set is for height " + set.height() + ", not " + h);
    }
    List<CommitSig> sigs = commit.signatures();
    List<ConsensusValidator> members = set.validators();
    if (sigs.size() != members.size()) {
      throw new InconsistentChainDataException(
          chainId,
          h,
          "the commit has " + sigs.size() + " signatures but the validator set has " + members.size() + " members");
    }
    List<Vote> votes = new ArrayList<>(sigs.size());
    for (int i = 0; i < sigs.size(); i++) {
      CommitSig sig = sigs.get(i);
      ConsensusValidator member = members.get(i);
      if (sig.flag() == BlockIdFlag.UNKNOWN) {
        throw new InconsistentChainDataException(chainId, h, "signature " + i + " has block_id_flag 0 (unknown)");
      }
      if (sig.flag() != BlockIdFlag.ABSENT && !sameAddress(sig.validatorAddress(), member.address())) {
        throw new InconsistentChainDataException(
            chainId,
            h,
            "signature "
                + i
                + " is from "
                + sig.validatorAddress()
                + " but validator "
                + i
                + " of the set is "
                + member.address());
      }
      votes.add(new Vote(member.address(), member.votingPower(), sig.flag()));
    }
    return new HeightVotes(h, header.time(), header.proposerAddress(), votes, Set.of(), null);
  }

  /** Hex addresses are upper case in practice: the exact comparison is the fast path. */
  private static boolean sameAddress(String a, String b) {
    return a.equals(b) || a.equalsIgnoreCase(b);
  }
}
