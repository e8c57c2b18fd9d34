package io.valwatch.exporter;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --config} option, shared by the commands that read a configuration file. */
final class ConfigFileOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "The YAML configuration file.")
  Path file;

  /** The file, or a usage error naming the option when the command line gives none. */
  Path required() {
    if (file == null) {
      throw new ParameterException(command.commandLine(), "Missing required option: '--config=<file>'");
    }
    return file;
  }
}
