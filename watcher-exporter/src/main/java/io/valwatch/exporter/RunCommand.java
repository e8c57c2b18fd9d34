package io.valwatch.exporter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.event.WatcherListener;
import io.valwatch.exporter.alerts.AlertDispatcher;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valwatch run}: watches the chains of a configuration file and serves their metrics. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    description =
        "Watches the chains in a configuration file and serves the status page (/), /api/v1/status, /metrics,"
            + " /healthz and /readyz.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "<file>",
      description = "The YAML configuration file.")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "<host:port>",
      converter = ListenAddressConverter.class,
      description = "Where the HTTP server listens; overrides 'listen' in the file (default 0.0.0.0:9300).")
  ListenAddress listen;

  @Option(
      names = "--state-dir",
      paramLabel = "<dir>",
      description = "Keeps height cursors here across restarts; overrides 'state_dir' in the file.")
  Path stateDir;

  @Mixin LogLevelOption logLevel;

  @Mixin PluginsDirOption pluginsDir;

  @Mixin AlertingOption alerting;

  private ChainPluginRegistry plugins;

  @Override
  public Integer call() throws InterruptedException {
    logLevel.apply();
    ExporterConfig effective = effectiveConfig();
    PrometheusRegistry registry = new PrometheusRegistry();
    AlertDispatcher alerts = alerting.start(effective.alerts(), registry);
    Exporter exporter;
    BackfillProgress progress = null;
    try {
      Watcher watcher = watcher(effective, alerts);
      progress = BackfillProgress.start(watcher::status);
      exporter = Exporter.start(watcher, effective.listen(), registry, progress, alerts);
    } catch (RuntimeException e) {
      if (progress != null) {
        progress.close();
      }
      alerts.close();
      throw e;
    }
    spec.commandLine()
        .getOut()
        .printf(
            "valwatch %s watching %d chain(s); metrics on http://%s:%d/metrics%n",
            ExporterVersion.current(), effective.chains().size(), effective.listen().host(), exporter.port());
    spec.commandLine().getOut().flush();
    Shutdown.closeOnExit(exporter).await();
    return 0;
  }

  /** The configuration file with the command line's overrides, its plugin ids checked against the loaded plugins. */
  ExporterConfig effectiveConfig() {
    Set<String> pluginIds = plugins().plugins().stream().map(ChainPlugin::id).collect(Collectors.toSet());
    ExporterConfig effective = new ConfigLoader(System::getenv, pluginIds).load(config);
    if (listen != null) {
      effective = effective.withListen(listen);
    }
    if (stateDir != null) {
      effective = effective.withStateDirectory(stateDir);
    }
    return effective;
  }

  /**
   * A watcher, not started yet, for every chain of {@code config}, with the built-in and dropped-in plugins,
   * reporting to {@code listeners}.
   */
  Watcher watcher(ExporterConfig config, WatcherListener... listeners) {
    Watcher.Builder watcher =
        Watcher.builder()
            .plugins(plugins())
            .stateDirectory(config.stateDirectory())
            .alerting(config.alerts().lifecycle());
    Arrays.stream(listeners).forEach(watcher::listener);
    config.chains().forEach(watcher::chain);
    return watcher.build();
  }

  private ChainPluginRegistry plugins() {
    if (plugins == null) {
      plugins = pluginsDir.load();
    }
    return plugins;
  }
}
