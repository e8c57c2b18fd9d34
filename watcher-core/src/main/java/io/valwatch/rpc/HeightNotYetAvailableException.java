package io.valwatch.rpc;

/**
 * The requested height is above the node's newest block.
 *
 * @deprecated the former name of {@link HeightAboveLatestException}, which is what the client throws; catching
 *     this type still catches it. It will be removed in the next major release.
 */
@Deprecated
public class HeightNotYetAvailableException extends RpcErrorException {
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
