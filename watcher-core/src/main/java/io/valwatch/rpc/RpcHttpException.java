package io.valwatch.rpc;

/**
 * The endpoint answered with an HTTP error status and no JSON-RPC error body, typically a proxy or load
 * balancer in front of the node ({@code 502 Bad Gateway}, {@code 429 Too Many Requests}).
 */
public final class RpcHttpException extends RpcException {
  private final int statusCode;

  RpcHttpException(RpcEndpoint endpoint, String method, long height, int statusCode, String statusText) {
    super(endpoint, method, height, describe(statusCode, statusText), null);
    this.statusCode = statusCode;
  }

  private static String describe(int statusCode, String statusText) {
    return statusText.isEmpty() ? "HTTP " + statusCode : "HTTP " + statusCode + " " + statusText;
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }
}
