package io.valwatch.plugins.cosmos;

import java.io.IOException;
import java.util.Locale;

/**
 * A node answered a query with an error: the chain refused the query, as opposed to the endpoint being
 * unreachable. {@link #notSupported()} tells the common case of a chain that does not serve the query at
 * all, such as the standard x/staking validator queries on a chain with a different staking module or
 * without one; {@link #notFound()} a query that is served but found nothing under the key asked for.
 */
public final class ChainQueryException extends IOException {
  private final String method;
  private final long code;
  private final String detail;
  private final boolean notSupported;
  private final boolean notFound;

  private ChainQueryException(
      String message, String method, long code, String detail, boolean notSupported, boolean notFound) {
    super(message);
    this.method = method;
    this.code = code;
    this.detail = detail;
    this.notSupported = notSupported;
    this.notFound = notFound;
  }

  /**
   * @param what the transport, query and chain, such as {@code gRPC /cosmos.staking.v1beta1.Query/Params on
   *     chain cosmoshub-4}
   * @param endpoint the endpoint, redacted
   * @param codeLabel what kind of code {@code code} is, such as {@code codespace 'sdk'} or {@code
   *     UNIMPLEMENTED}
   * @param detail the node's error text
   * @param notFound whether the node said, in its transport's own code, that nothing exists under the key
   *     asked for
   */
  static ChainQueryException refused(
      String what,
      String method,
      String endpoint,
      long height,
      long code,
      String codeLabel,
      String detail,
      boolean notSupported,
      boolean notFound) {
    String text = detail == null ? "" : detail;
    String message =
        what + " via " + endpoint + (height > 0 ? " at height " + height : "") + " failed with code " + code
            + " (" + codeLabel + "): " + text
            + (notSupported ? " [the chain does not serve this query]" : "");
    return new ChainQueryException(message, method, code, text, notSupported, notFound);
  }

  /** Whether an error text says the query is not served, in the words Cosmos SDK nodes use. */
  static boolean saysNotSupported(String text) {
    String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return lower.contains("not supported")
        || lower.contains("unknown query path")
        || lower.contains("not implemented")
        || lower.contains("unknown service");
  }

  /** The gRPC path of the query, such as {@code /cosmos.staking.v1beta1.Query/Validators}. */
  public String method() {
    return method;
  }

  /**
   * The node's error code: the application's code for {@code abci_query}, the gRPC status code for gRPC and
   * REST, or the HTTP status when a REST reply carried no gRPC code.
   */
  public long code() {
    return code;
  }

  /** The node's error text. */
  public String detail() {
    return detail;
  }

  /** True when the chain does not serve this query at all. */
  public boolean notSupported() {
    return notSupported;
  }

  /**
   * True when the chain serves the query but has nothing under the key asked for: gRPC {@code NOT_FOUND},
   * the SDK's {@code ErrKeyNotFound} (codespace {@code sdk}, code 38) over {@code abci_query}, or gRPC code
   * 5 in a REST error body other than the gateway's own reply for a route it does not have.
   */
  public boolean notFound() {
    return notFound;
  }
}
