package io.valwatch.rpc;

import java.time.Instant;

/**
 * What {@code /status} says about a node.
 *
 * @param network the chain id the node is on ({@code node_info.network})
 * @param version the CometBFT version
 * @param moniker the node's moniker
 * @param latestBlockHeight the newest height the node has
 * @param latestBlockTime that block's time
 * @param earliestBlockHeight the lowest height the node still serves (higher on pruned nodes)
 * @param catchingUp whether the node is still syncing
 */
public record NodeStatus(
    String network,
    String version,
    String moniker,
    long latestBlockHeight,
    Instant latestBlockTime,
    long earliestBlockHeight,
    boolean catchingUp) {}
