package io.valwatch.rpc;

import java.io.IOException;

/**
 * No complete answer arrived: the connection was refused, reset or timed out, or the websocket failed.
 * The cause is OkHttp's {@link IOException}.
 */
public final class RpcNetworkException extends RpcException {
  RpcNetworkException(RpcEndpoint endpoint, String method, long height, String detail, Throwable cause) {
    super(endpoint, method, height, detail, cause);
  }
}
