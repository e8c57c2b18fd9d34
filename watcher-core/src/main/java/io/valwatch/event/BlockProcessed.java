package io.valwatch.event;

import java.time.Instant;

/**
 * A height was processed: its signatures are counted.
 *
 * @param chainId the chain
 * @param height the height
 * @param time the block time of that height
 * @param proposerAddressHex the proposer's upper-case hex consensus address
 * @param signedPowerRatio share of voting power that signed (commit or nil)
 */
public record BlockProcessed(
    String chainId, long height, Instant time, String proposerAddressHex, double signedPowerRatio) {}
