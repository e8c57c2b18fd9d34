package io.valwatch.rpc;

import java.time.Instant;

/**
 * The parts of a CometBFT block header valwatch reads.
 *
 * @param chainId the chain id
 * @param height this block's height
 * @param time the block time
 * @param proposerAddress upper-case hex consensus address of the validator that proposed this block
 * @param validatorsHash hash of the validator set that signs this height (the set of {@code height})
 * @param nextValidatorsHash hash of the set for {@code height + 1}
 */
public record BlockHeader(
    String chainId,
    long height,
    Instant time,
    String proposerAddress,
    String validatorsHash,
    String nextValidatorsHash) {}
