package io.valwatch.spi;

import java.time.Instant;

/**
 * The chain's own liveness record of one validator (x/slashing {@code ValidatorSigningInfo} or its
 * equivalent).
 *
 * @param consensusAddressHex upper-case hex consensus address
 * @param startHeight height from which the validator's window counts
 * @param indexOffset how many slots of the window have been filled since {@code startHeight}
 * @param jailedUntil until when the validator is jailed; {@link Instant#EPOCH} when never jailed
 * @param tombstoned whether the validator was tombstoned for double signing
 * @param missedBlocksCounter misses in the current window, as the chain counts them
 */
public record SigningInfo(
    String consensusAddressHex,
    long startHeight,
    long indexOffset,
    Instant jailedUntil,
    boolean tombstoned,
    long missedBlocksCounter) {}
