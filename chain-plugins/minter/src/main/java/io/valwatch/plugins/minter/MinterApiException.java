package io.valwatch.plugins.minter;

import java.io.IOException;

/** A request to a Minter API endpoint that did not give the answer expected; the message names the request. */
final class MinterApiException extends IOException {
  private static final long serialVersionUID = 1L;

  /** How the request failed. */
  enum Kind {
    /** No answer: connection refused, reset or timed out. */
    NETWORK,
    /** The node answered with an error status, usually with Minter's {@code {"error":{…}}} body. */
    ERROR_REPLY,
    /** The node answered 200 with something that is not the JSON expected. */
    MALFORMED
  }

  private final Kind kind;
  private final int httpStatus;
  private final String minterCode;

  MinterApiException(Kind kind, int httpStatus, String message, Throwable cause) {
    this(kind, httpStatus, message, cause, "");
  }

  MinterApiException(Kind kind, int httpStatus, String message, Throwable cause, String minterCode) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.minterCode = minterCode;
  }

  /** The {@code code} of Minter's error body ({@code 101} wrong nonce, say), empty when there was none. */
  String minterCode() {
    return minterCode;
  }

  Kind kind() {
    return kind;
  }

  /** The HTTP status of an error reply, 0 otherwise. */
  int httpStatus() {
    return httpStatus;
  }

  /** Whether the node answered 404: the block, candidate or validator does not exist there. */
  boolean notFound() {
    return kind == Kind.ERROR_REPLY && httpStatus == 404;
  }
}
