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
    MALFORMED,
    /** The node serves another network than the chain's. */
    WRONG_NETWORK
  }

  private final Kind kind;
  private final int httpStatus;
  private final String minterCode;
  private final boolean notFoundSomewhere;

  MinterApiException(Kind kind, int httpStatus, String message, Throwable cause) {
    this(kind, httpStatus, message, cause, "", false);
  }

  MinterApiException(Kind kind, int httpStatus, String message, Throwable cause, String minterCode) {
    this(kind, httpStatus, message, cause, minterCode, false);
  }

  /** @param notFoundSomewhere whether one of several endpoints answered 404 while others failed otherwise */
  MinterApiException(Kind kind, int httpStatus, String message, Throwable cause, boolean notFoundSomewhere) {
    this(kind, httpStatus, message, cause, "", notFoundSomewhere);
  }

  private MinterApiException(
      Kind kind, int httpStatus, String message, Throwable cause, String minterCode, boolean notFoundSomewhere) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.minterCode = minterCode;
    this.notFoundSomewhere = notFoundSomewhere;
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

  /**
   * Whether the node answered 404, or every endpoint asked did: the block, candidate or validator does not
   * exist there.
   */
  boolean notFound() {
    return kind == Kind.ERROR_REPLY && httpStatus == 404;
  }

  /** Whether at least one endpoint answered 404, though others may have failed otherwise. */
  boolean notFoundSomewhere() {
    return notFound() || notFoundSomewhere;
  }
}
