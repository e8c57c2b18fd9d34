package io.valwatch.rpc;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A request to a CometBFT RPC endpoint failed. The message names the endpoint (redacted, never with
 * credentials), the RPC method, the height when the request had one, and what went wrong. Subclasses tell
 * the kinds of failure apart: {@link RpcErrorException}, {@link RpcHttpException}, {@link
 * RpcNetworkException} and {@link MalformedResponseException}.
 */
public class RpcException extends IOException {
  private final RpcEndpoint endpoint;
  private final String method;
  private final long height;
  private final String detail;

  /**
   * An RPC failure described only by a message, for code outside this client that has to report one (a
   * test double, for example). {@link #endpoint()} and {@link #method()} are {@code null}.
   */
  public RpcException(String message) {
    this(message, null);
  }

  /** Like {@link #RpcException(String)}, with a cause. */
  public RpcException(String message, Throwable cause) {
    super(message, cause);
    this.endpoint = null;
    this.method = null;
    this.height = 0;
    this.detail = message;
  }

  /** The detail is scrubbed of the endpoint's secrets, made printable and capped: it may hold what the node sent. */
  RpcException(RpcEndpoint endpoint, String method, long height, String detail, Throwable cause) {
    this(endpoint, method, height, cause, EmittedText.cap(EmittedText.printable(endpoint.scrub(detail))));
  }

  private RpcException(RpcEndpoint endpoint, String method, long height, Throwable cause, String safeDetail) {
    super(describe(endpoint, method, height, safeDetail), cause);
    this.endpoint = endpoint;
    this.method = method;
    this.height = height;
    this.detail = safeDetail;
  }

  private static String describe(RpcEndpoint endpoint, String method, long height, String detail) {
    String call = height > 0 ? method + "(height=" + height + ")" : method;
    return call + " on " + endpoint.redacted() + ": " + detail;
  }

  /** The endpoint that failed, or {@code null} for a message-only exception. */
  public RpcEndpoint endpoint() {
    return endpoint;
  }

  /** The RPC method, such as {@code block} or {@code validators}, or {@code null} when unknown. */
  public String method() {
    return method;
  }

  /** The height the request asked for; empty for requests without one (or for the latest height). */
  public OptionalLong height() {
    return height > 0 ? OptionalLong.of(height) : OptionalLong.empty();
  }

  /** What went wrong, without the endpoint and method prefix of {@link #getMessage()}. */
  public String detail() {
    return detail;
  }
}
