package io.valwatch.exporter;

import io.valwatch.exporter.config.ConfigException;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.spi.ChainPlugin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valwatch config}: works on configuration files without running anything. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    description = "Works on configuration files without watching anything.",
    subcommands = {ConfigCommand.Validate.class})
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** {@code valwatch config validate FILE}: loads and checks a configuration file as {@code run} would. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      versionProvider = ValwatchCommand.Version.class,
      defaultValueProvider = LogLevelOption.QuietByDefault.class,
      description = {
        "Loads and checks a configuration file as 'run' would, environment variables and installed plugins"
            + " included, without connecting to any chain.",
        "Prints '<file>: ok (N chains, M validators)', or every error, one a line as"
            + " '<file>:<line>: <key path>: <problem>', ordered by line."
      },
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:the file is valid", "2:the file is not valid"})
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file>", description = "The YAML configuration file.")
    Path file;

    @Mixin PluginsDirOption pluginsDir;

    @Mixin LogLevelOption logLevel;

    @Override
    public Integer call() {
      logLevel.apply();
      ConfigLoader loader =
          new ConfigLoader(
              System::getenv, pluginsDir.load().plugins().stream().map(ChainPlugin::id).collect(Collectors.toSet()));
      ExporterConfig config;
      try {
        config = loader.load(file);
      } catch (ConfigException e) {
        PrintWriter err = spec.commandLine().getErr();
        e.problems().forEach(err::println);
        err.flush();
        return CommandLine.ExitCode.USAGE;
      }
      int validators = config.chains().stream().mapToInt(c -> c.validators().size()).sum();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s: ok (%d chains, %d validators)%n", file, config.chains().size(), validators);
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }
}
