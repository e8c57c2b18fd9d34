package io.valwatch.simnet.minter;

/**
 * A transaction the chain delivered in a block.
 *
 * @param height the block it is in
 * @param hash {@code Mt} and SHA-256 of the transaction
 * @param type its type, {@code 0x0B} for {@code SetCandidateOffline}
 * @param sender the {@code Mx…} address that signed it
 * @param code 0 when it took effect, otherwise the node's error code (its nonce is used either way)
 */
public record TransactionTruth(long height, String hash, int type, String sender, int code) {}
