package io.valwatch.exporter;

import io.valwatch.exporter.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code valwatch} command. Exit codes: 0 ok, 1 failure, 2 configuration or usage error. */
public final class Main {
  private static final int USAGE_WIDTH = 100;

  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with configuration errors mapped to exit code 2 and one line for each problem. */
  static CommandLine commandLine() {
    // --log-level info works as well as INFO, as kiln's cosmos-validator-watcher takes it.
    CommandLine commandLine =
        new CommandLine(new ValwatchCommand())
            .setUsageHelpWidth(USAGE_WIDTH)
            .setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          if (exception instanceof ConfigException) {
            ((ConfigException) exception)
                .problems()
                .forEach(problem -> err.println("valwatch: configuration error: " + problem));
            err.flush();
            return CommandLine.ExitCode.USAGE;
          }
          if (exception instanceof ListenException) {
            err.println("valwatch: " + exception.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
          }
          err.println("valwatch: " + exception);
          err.flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return commandLine;
  }
}
