package io.valwatch.exporter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --log-level} option, shared by the commands that run the watcher. */
final class LogLevelOption {
  /** The levels {@code --log-level} accepts. */
  enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  @Option(
      names = "--log-level",
      paramLabel = "<level>",
      defaultValue = "INFO",
      description = "Log detail on stderr: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  LogLevel level;

  /** Applies the level to the root logger. */
  void apply() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(level.name()));
    }
  }
}
