package io.valwatch.event;

/**
 * A tracked validator was absent from a height's commit.
 *
 * @param chainId the chain
 * @param height the height it missed
 * @param identity the validator's configured identity
 * @param consensusAddressHex its upper-case hex consensus address
 * @param solo true when the rest of the network was healthy at that height
 * @param consecutiveMissedBlocks its streak including this miss
 */
public record MissedBlock(
    String chainId,
    long height,
    String identity,
    String consensusAddressHex,
    boolean solo,
    long consecutiveMissedBlocks) {}
