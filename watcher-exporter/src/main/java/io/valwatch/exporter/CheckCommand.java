package io.valwatch.exporter;

import io.valwatch.Watcher;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.model.ChainStatus;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code valwatch check}: reads every chain of a configuration once and prints every tracked validator's
 * status, with an exit code for cron and CI. Keeps no state and sends no notifications.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    defaultValueProvider = LogLevelOption.QuietByDefault.class,
    description = {
      "Reads every chain of a configuration once and prints the status of every tracked validator.",
      "Waits until each chain has processed a height and read its staking data, or the timeout.",
      "Ignores 'state_dir' and 'alerts': it keeps no state and sends no notifications.",
      "",
      "A validator is at risk when it is jailed, tombstoned, not bonded, not found on the chain,"
          + " fewer than --min-blocks-until-penalty misses away from the liveness penalty, or at critical risk.",
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every validator is fine",
      "1:a validator is at risk",
      "2:the configuration or the command line is wrong",
      "3:a chain could not be read at all (no height processed before the timeout)"
    })
final class CheckCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(200);

  @Spec CommandSpec spec;

  @Mixin ConfigFileOption config;

  @Mixin OutputOption output;

  @Option(
      names = "--timeout",
      paramLabel = "<duration>",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to wait for every chain. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(
      names = {"--min-blocks-until-penalty", "--min-blocks-until-jail"},
      paramLabel = "<n>",
      defaultValue = "10",
      description = "A validator with fewer misses left before the liveness penalty is at risk. Default: ${DEFAULT-VALUE}.")
  long minBlocksUntilPenalty;

  @Mixin LogLevelOption logLevel;

  @Mixin PluginsDirOption pluginsDir;

  @Override
  public Integer call() throws InterruptedException {
    logLevel.apply();
    ChainPluginRegistry plugins = pluginsDir.load();
    ExporterConfig loaded =
        new ConfigLoader(
                System::getenv, plugins.plugins().stream().map(ChainPlugin::id).collect(Collectors.toSet()))
            .load(config.required());
    Watcher.Builder builder = Watcher.builder().plugins(plugins);
    loaded.chains().forEach(builder::chain);
    CheckReport report;
    try (Watcher watcher = builder.build()) {
      watcher.start();
      report = CheckReport.of(awaitComplete(watcher), minBlocksUntilPenalty);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.format == OutputFormat.JSON) {
      report.printJson(out);
    } else {
      report.printTable(out);
    }
    return report.exitCode();
  }

  /** The chains' status once every chain is complete, or at the timeout. */
  private List<ChainStatus> awaitComplete(Watcher watcher) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ChainStatus> status = watcher.status();
    while (!status.stream().allMatch(CheckReport::complete) && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      status = watcher.status();
    }
    return status;
  }
}
