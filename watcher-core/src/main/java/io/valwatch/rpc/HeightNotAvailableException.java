package io.valwatch.rpc;

/**
 * The requested height is below the lowest height the node still serves: the node is pruned
 * ({@code height 1 is not available, lowest height is 17966501}).
 */
public final class HeightNotAvailableException extends RpcErrorException {
  private final long lowestAvailableHeight;

  HeightNotAvailableException(
      RpcEndpoint endpoint,
      String method,
      long height,
      int code,
      String rpcMessage,
      String data,
      long lowestAvailableHeight) {
    super(endpoint, method, height, code, rpcMessage, data);
    this.lowestAvailableHeight = lowestAvailableHeight;
  }

  /** The lowest height the node still serves. */
  public long lowestAvailableHeight() {
    return lowestAvailableHeight;
  }
}
