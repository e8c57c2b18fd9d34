package io.valwatch.exporter;

import io.valwatch.spi.ChainPluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --plugins-dir} option, shared by the commands that run the watcher. */
final class PluginsDirOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--plugins-dir",
      paramLabel = "<dir>",
      description =
          "Loads chain plugins from every *.jar in this directory, in addition to the built-in ones"
              + " (default: a '" + PluginDirectory.DEFAULT_NAME + "' directory next to the exporter's jar, if there is one).")
  Path dir;

  /** The built-in plugins and those of the plugin directory. */
  ChainPluginRegistry load() {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new ParameterException(command.commandLine(), "--plugins-dir: " + dir + " is not a directory");
    }
    Optional<Path> chosen = dir != null ? Optional.of(dir) : PluginDirectory.besideJar(PluginDirectory.exporterLocation());
    return PluginDirectory.load(chosen, PluginsDirOption.class.getClassLoader());
  }
}
