package io.valwatch.rpc;

/**
 * The requested height is below the lowest height the node still serves.
 *
 * @deprecated the former name of {@link HeightBelowLowestException}, which is what the client throws; catching
 *     this type still catches it. It will be removed in the next major release.
 */
@Deprecated
public class HeightNotAvailableException extends RpcErrorException {
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
