/**
 * A CometBFT RPC client ({@link io.valwatch.rpc.CometRpcClient}): {@code status}, {@code block}, {@code
 * commit}, {@code validators}, {@code abci_query} and the {@code /websocket} NewBlock subscription, read with
 * a streaming parser within fixed limits, with typed exceptions and endpoint redaction; {@link
 * io.valwatch.rpc.EmittedText} makes text that came from outside safe to emit.
 *
 * <p>Stability: evolving. Usable on its own and kept compatible within a minor version, but it follows
 * CometBFT's RPC and may change in a minor version when that does; such changes are listed under "Contract
 * changes" in the changelog.
 */
package io.valwatch.rpc;
