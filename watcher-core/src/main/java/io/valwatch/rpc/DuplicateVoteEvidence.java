package io.valwatch.rpc;

/**
 * A {@code tendermint/DuplicateVoteEvidence} found in a block: proof that a validator double-signed.
 *
 * @param validatorAddress upper-case hex consensus address of the offender
 * @param height the height at which it signed twice
 */
public record DuplicateVoteEvidence(String validatorAddress, long height) {}
