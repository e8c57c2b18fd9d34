package io.valwatch.exporter.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file that cannot be used, with every problem found in it, ordered by line. Each problem
 * names the file, the key path (such as {@code chains[1].rpc[0]}), the line when known, and what was
 * expected; the message is one problem a line. It never contains an RPC URL's credentials.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  ConfigException(String source, String keyPath, int line, String problem) {
    this(List.of(new ConfigProblem(source, keyPath, line, problem)));
  }

  ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining(System.lineSeparator())));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, ordered by line; never empty. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** The file (or other source) the configuration came from. */
  public String source() {
    return problems.get(0).source();
  }

  /** The key path of the first problem, such as {@code chains[1].rpc[0]}; empty for the whole file. */
  public String keyPath() {
    return problems.get(0).keyPath();
  }

  /** The 1-based line of the first problem, or 0 when unknown. */
  public int line() {
    return problems.get(0).line();
  }
}
