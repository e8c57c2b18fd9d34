package io.valwatch.rpc;

import java.time.Duration;
import java.util.Optional;

/**
 * The endpoint answered with an HTTP error status and no JSON-RPC error body, typically a proxy or load
 * balancer in front of the node ({@code 502 Bad Gateway}, {@code 429 Too Many Requests}).
 */
public final class RpcHttpException extends RpcException {
  private final int statusCode;
  private final Duration retryAfter;

  RpcHttpException(
      RpcEndpoint endpoint, String method, long height, int statusCode, String statusText, Duration retryAfter) {
    super(endpoint, method, height, describe(statusCode, statusText), null);
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  private static String describe(int statusCode, String statusText) {
    return statusText.isEmpty() ? "HTTP " + statusCode : "HTTP " + statusCode + " " + statusText;
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * How long the endpoint asked clients to wait before the next request ({@code Retry-After}, in seconds or
   * as an HTTP date); empty when it did not say.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
