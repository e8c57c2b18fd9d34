package io.valwatch.rpc;

/**
 * The requested height is below the lowest height the node still serves: the node is pruned
 * ({@code height 1 is not available, lowest height is 17966501}). {@link #lowestAvailableHeight()} gives that
 * lowest height.
 */
@SuppressWarnings("deprecation") // extends its former name, so that code catching that still catches it
public final class HeightBelowLowestException extends HeightNotAvailableException {
  HeightBelowLowestException(
      RpcEndpoint endpoint,
      String method,
      long height,
      int code,
      String rpcMessage,
      String data,
      long lowestAvailableHeight) {
    super(endpoint, method, height, code, rpcMessage, data, lowestAvailableHeight);
  }
}
