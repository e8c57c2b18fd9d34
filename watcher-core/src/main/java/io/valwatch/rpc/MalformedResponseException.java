package io.valwatch.rpc;

/**
 * The node answered, but not with what CometBFT's RPC sends: the body was not JSON, was larger than the
 * client's limit, lacked a field, had a field of the wrong type, or (for paged {@code /validators})
 * did not add up to one consistent validator set.
 */
public final class MalformedResponseException extends RpcException {
  MalformedResponseException(RpcEndpoint endpoint, String method, long height, String detail) {
    super(endpoint, method, height, detail, null);
  }

  MalformedResponseException(
      RpcEndpoint endpoint, String method, long height, String detail, Throwable cause) {
    super(endpoint, method, height, detail, cause);
  }
}
