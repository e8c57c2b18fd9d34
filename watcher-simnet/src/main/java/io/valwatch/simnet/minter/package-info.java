/**
 * A simulated Minter chain served as a node's API v2, for testing the {@code minter} chain plugin and
 * anything else that reads Minter's REST API.
 *
 * <p>{@link io.valwatch.simnet.minter.MinterChain} models candidates, the validator set and the 24-block
 * absence rule of Minter 2.0 and later (jail for a number of blocks, switch off); {@link
 * io.valwatch.simnet.minter.MinterApiServer} serves it on 127.0.0.1 with the shapes and error replies of
 * Minter's grpc-gateway, and counts requests per route; {@link io.valwatch.simnet.minter.MinterChain#truth()}
 * tells what a watcher should have seen.
 */
package io.valwatch.simnet.minter;
