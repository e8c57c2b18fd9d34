package io.valwatch.rpc;

import java.util.List;

/**
 * The precommits for one height, as carried in block {@code height + 1}'s {@code last_commit} or returned by
 * {@code /commit}. Signature {@code i} belongs to validator {@code i} of the set at {@code height}.
 *
 * @param height the height these precommits are for
 * @param round the consensus round that committed it
 * @param signatures one entry per validator of the set, in set order
 */
public record Commit(long height, int round, List<CommitSig> signatures) {
  public Commit {
    signatures = List.copyOf(signatures);
  }
}
