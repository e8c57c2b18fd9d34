package io.valwatch.event;

/**
 * Heights that will never be processed. They are counted in {@code gapBlocks} and never silently dropped.
 *
 * @param chainId the chain
 * @param fromHeight first height of the gap
 * @param toHeight last height of the gap, inclusive
 * @param reason why, for example that the nodes have pruned them
 */
public record GapDetected(String chainId, long fromHeight, long toHeight, String reason) {
  /** Number of heights in the gap. */
  public long blocks() {
    return toHeight - fromHeight + 1;
  }
}
