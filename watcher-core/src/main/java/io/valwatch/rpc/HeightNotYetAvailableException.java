package io.valwatch.rpc;

/**
 * The requested height is above the node's newest block
 * ({@code height 100 must be less than or equal to the current blockchain height 50}).
 */
public final class HeightNotYetAvailableException extends RpcErrorException {
  private final long currentHeight;

  HeightNotYetAvailableException(
      RpcEndpoint endpoint,
      String method,
      long height,
      int code,
      String rpcMessage,
      String data,
      long currentHeight) {
    super(endpoint, method, height, code, rpcMessage, data);
    this.currentHeight = currentHeight;
  }

  /** The node's newest height when it answered. */
  public long currentHeight() {
    return currentHeight;
  }
}
