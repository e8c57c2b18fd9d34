package io.valwatch.plugins.cosmos;

import java.io.IOException;
import java.util.Locale;

/**
 * A node answered an {@code abci_query} with a non-zero code: the application refused the query, as
 * opposed to the endpoint being unreachable. {@link #notSupported()} tells the common case of a chain that
 * does not serve the query at all, such as the standard x/staking validator queries on a chain with a
 * different staking module.
 */
public final class AbciQueryException extends IOException {
  private final String path;
  private final long code;
  private final String codespace;
  private final String log;

  AbciQueryException(String chainId, String endpoint, String path, long height, long code, String codespace, String log) {
    super(message(chainId, endpoint, path, height, code, nullToEmpty(codespace), nullToEmpty(log)));
    this.path = path;
    this.code = code;
    this.codespace = nullToEmpty(codespace);
    this.log = nullToEmpty(log);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String message(
      String chainId, String endpoint, String path, long height, long code, String codespace, String log) {
    return "abci_query " + path + " on chain " + chainId + " via " + endpoint
        + (height > 0 ? " at height " + height : "") + " failed with code " + code
        + " (codespace '" + codespace + "'): " + log
        + (notSupported(log) ? " [the chain does not serve this query]" : "");
  }

  /** The query path, such as {@code /cosmos.staking.v1beta1.Query/Validators}. */
  public String path() {
    return path;
  }

  /** The application's error code, never 0. */
  public long code() {
    return code;
  }

  /** The module that raised the error, such as {@code sdk}. */
  public String codespace() {
    return codespace;
  }

  /** The application's error text. */
  public String log() {
    return log;
  }

  /** True when the chain does not serve this query path at all. */
  public boolean notSupported() {
    return notSupported(log);
  }

  private static boolean notSupported(String log) {
    String lower = log.toLowerCase(Locale.ROOT);
    return lower.contains("not supported")
        || lower.contains("unknown query path")
        || lower.contains("not implemented");
  }
}
