package io.valwatch.exporter.config;

/**
 * One mistake in a configuration file. {@link #toString()} gives {@code file:line: key.path: problem}; the
 * line and the key path are left out when unknown. It never contains a secret value.
 *
 * @param source the file (or other source) the configuration came from
 * @param keyPath the key path of the offending value, such as {@code chains[1].rpc[0]}; empty for the whole
 *     file
 * @param line the 1-based line of the offending value, or 0 when unknown
 * @param problem what is wrong and what was expected
 */
public record ConfigProblem(String source, String keyPath, int line, String problem) {
  @Override
  public String toString() {
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
}
