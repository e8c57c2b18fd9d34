package io.valwatch.exporter.config;

/**
 * A configuration file that cannot be used. The message names the file, the key path (such as {@code
 * chains[1].rpc[0]}), the line when known, and what was expected. It never contains an RPC URL's
 * credentials.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String keyPath;
  private final int line;

  ConfigException(String source, String keyPath, int line, String problem) {
    super(format(source, keyPath, line, problem));
    this.source = source;
    this.keyPath = keyPath;
    this.line = line;
  }

  private static String format(String source, String keyPath, int line, String problem) {
    StringBuilder message = new StringBuilder(source);
    if (line > 0) {
      message.append(':').append(line);
    }
    message.append(": ");
    if (!keyPath.isEmpty()) {
      message.append(keyPath).append(": ");
    }
    return message.append(problem).toString();
  }

  /** The file (or other source) the configuration came from. */
  public String source() {
    return source;
  }

  /** The key path of the offending value, such as {@code chains[1].rpc[0]}; empty for the whole file. */
  public String keyPath() {
    return keyPath;
  }

  /** The 1-based line of the offending value, or 0 when unknown. */
  public int line() {
    return line;
  }
}
