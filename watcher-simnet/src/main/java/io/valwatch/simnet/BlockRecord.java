package io.valwatch.simnet;

import java.util.List;

/**
 * What the simulator remembers of one produced block; hashes and times are derived from the height.
 *
 * @param height the block height
 * @param round the consensus round that committed this block: 0, or later when earlier rounds' proposers were
 *     offline
 * @param proposer the proposer of that round, the header's {@code proposer_address}
 * @param lastCommitRound the round of the commit this block carries, the one that committed {@code height - 1}
 * @param set the validator set that signs this height
 * @param nextSet the set of {@code height + 1}
 * @param lastSet the set of {@code height - 1}, whose precommits this block carries; {@code null} at height 1
 * @param evidence duplicate-vote evidence included in this block
 * @param validatorUpdates the changes this block's execution makes to the set of {@code height + 2}
 *     (power 0 means removal)
 */
record BlockRecord(
    long height,
    int round,
    SimValidator proposer,
    int lastCommitRound,
    ValidatorSetSnapshot set,
    ValidatorSetSnapshot nextSet,
    ValidatorSetSnapshot lastSet,
    List<Evidence> evidence,
    List<ValidatorSetSnapshot.Member> validatorUpdates) {

  /** A double sign by {@code validator} at {@code height}, where it was member {@code index} of the set. */
  record Evidence(SimValidator validator, long height, int index, long validatorPower, long totalPower) {}
}
