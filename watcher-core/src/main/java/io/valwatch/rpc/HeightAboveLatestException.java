package io.valwatch.rpc;

/**
 * The requested height is above the node's newest block
 * ({@code height 100 must be less than or equal to the current blockchain height 50}). {@link #currentHeight()}
 * gives the node's newest height.
 */
@SuppressWarnings("deprecation") // extends its former name, so that code catching that still catches it
public final class HeightAboveLatestException extends HeightNotYetAvailableException {
  HeightAboveLatestException(
      RpcEndpoint endpoint,
      String method,
      long height,
      int code,
      String rpcMessage,
      String data,
      long currentHeight) {
    super(endpoint, method, height, code, rpcMessage, data, currentHeight);
  }
}
