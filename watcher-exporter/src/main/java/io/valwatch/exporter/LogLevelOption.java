package io.valwatch.exporter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --log-level} option, shared by the commands that log: {@code INFO} by default for the
 * long-running ones, {@code WARN} for the one-shot commands that name {@link QuietByDefault} as their default
 * provider.
 */
final class LogLevelOption {
  /**
   * The default of the one-shot commands ({@code check}, {@code resolve}, {@code config validate}), whose
   * answer is their output: only warnings reach stderr unless more is asked for (a cron job mails whatever
   * reaches it). Help shows this default.
   */
  static final class QuietByDefault implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec argSpec) {
      return argSpec instanceof OptionSpec option && option.longestName().equals("--log-level") ? "WARN" : null;
    }
  }

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
