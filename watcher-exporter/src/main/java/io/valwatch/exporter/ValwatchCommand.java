package io.valwatch.exporter;

import io.valwatch.exporter.metrics.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code valwatch} command; the work happens in its subcommands. */
@Command(
    name = "valwatch",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    description = "Watches Cosmos SDK / CometBFT validators and exports Prometheus metrics.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      CheckCommand.class,
      ResolveCommand.class,
      ConfigCommand.class,
      ActionsCommand.class,
      CommandLine.HelpCommand.class
    })
final class ValwatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.current();
      return new String[] {
        "valwatch " + build.version(), "commit " + build.commit(), "built " + build.buildTime()
      };
    }
  }
}
