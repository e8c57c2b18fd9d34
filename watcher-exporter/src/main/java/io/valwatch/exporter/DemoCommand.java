package io.valwatch.exporter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.event.WatcherListener;
import io.valwatch.exporter.alerts.AlertDispatcher;
import io.valwatch.exporter.config.AlertsConfig;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.model.ChainSpec;
import io.valwatch.risk.RiskSettings;
import io.valwatch.simnet.Scenarios;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code valwatch demo}: runs a simulated chain in-process, one block per second, and watches all of its
 * validators, so the metrics can be tried without a real node.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    description =
        "Runs a simulated chain (valwatch-demo-1, one block per second) on 127.0.0.1 and watches all of its"
            + " validators: one goes offline and is jailed, one votes nil, one joins and leaves the set.")
final class DemoCommand implements Callable<Integer> {
  /** Blocks of the demo script to look ahead to find validators that join later. */
  private static final int LOOKAHEAD_BLOCKS = 300;

  /**
   * The demo chain's whole slashing window passes in 100 seconds, so the default 30-minute time rule would
   * make every warning critical at once; without it the offline validator is warned before it is paged.
   */
  private static final RiskSettings DEMO_RISK = RiskSettings.builder().criticalTime(Duration.ZERO).build();

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "<host:port>",
      defaultValue = "127.0.0.1:9300",
      converter = ListenAddressConverter.class,
      description = "Where the HTTP server listens. Default: ${DEFAULT-VALUE}.")
  ListenAddress listen;

  @Option(
      names = "--state-dir",
      paramLabel = "<dir>",
      description = "Keeps height cursors here across restarts (by default none are kept).")
  Path stateDir;

  @Mixin LogLevelOption logLevel;

  @Mixin PluginsDirOption pluginsDir;

  @Option(
      names = "--alerts",
      paramLabel = "<file>",
      description =
          "Delivers the demo's alerts to the channels of this file's 'alerts' section (a full configuration"
              + " file works; its chains are ignored).")
  Path alertsFile;

  @Mixin AlertingOption alerting;

  @Override
  public Integer call() throws Exception {
    logLevel.apply();
    AlertsConfig alertsConfig = alertsConfig();
    SimulatedChain chain = Scenarios.demo().build();
    SimnetServer server = SimnetServer.start(chain);
    ScheduledExecutorService producer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "valwatch-demo-chain");
              t.setDaemon(true);
              return t;
            });
    chain.startProducing(producer);
    AutoCloseable stopProducing =
        () -> {
          chain.stopProducing();
          producer.shutdownNow();
        };

    PrometheusRegistry registry = new PrometheusRegistry();
    AlertDispatcher alerts = alerting.start(alertsConfig, registry);
    Exporter exporter;
    int tracked;
    List<AutoCloseable> commands = new ArrayList<>();
    try {
      Watcher watcher = watcher(server, alertsConfig, Clock.systemUTC(), alerts);
      tracked = watcher.status(chain.chainId()).orElseThrow().validators().size();
      commands.addAll(alerting.startCommands(alertsConfig, watcher::status));
      List<AutoCloseable> closeAfter = new ArrayList<>(commands);
      closeAfter.addAll(List.of(alerts, stopProducing, server));
      exporter = Exporter.start(watcher, listen, registry, closeAfter.toArray(AutoCloseable[]::new));
    } catch (RuntimeException e) {
      for (AutoCloseable poller : commands) {
        poller.close();
      }
      alerts.close();
      stopProducing.close();
      server.close();
      throw e;
    }

    PrintWriter out = spec.commandLine().getOut();
    Shutdown shutdown = Shutdown.closeOnExit(exporter);
    out.printf("valwatch %s demo%n", BuildInfo.current().describe());
    out.printf("  simulated chain %s at %s (one block per second)%n", chain.chainId(), server.url());
    out.printf("  watching %d validators%n", tracked);
    out.printf("  status page: http://%s:%d/%n", listen.host(), exporter.port());
    out.printf("  metrics: http://%s:%d/metrics%n", listen.host(), exporter.port());
    out.printf("  alert channels: %d%n", alerts.channels().size());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    shutdown.await();
    return 0;
  }

  /** The {@code alerts} section of {@code --alerts FILE}; none without the option. */
  AlertsConfig alertsConfig() {
    return alertsFile == null
        ? AlertsConfig.NONE
        : new ConfigLoader(System::getenv, Set.of()).loadAlerts(alertsFile);
  }

  /**
   * The demo's watcher, not started yet: every validator of the demo chain served by {@code server},
   * with the lifecycle of {@code alertsConfig}, reporting to {@code listeners}.
   */
  Watcher watcher(SimnetServer server, AlertsConfig alertsConfig, Clock clock, WatcherListener... listeners) {
    ChainSpec.Builder chainSpec =
        ChainSpec.builder(server.chain().chainId())
            .rpcEndpoint(server.url())
            .startHeight(1)
            .pollInterval(Duration.ofSeconds(1))
            .stakingRefreshInterval(Duration.ofSeconds(5))
            .endpointCheckInterval(Duration.ofSeconds(5))
            .risk(DEMO_RISK);
    everyDemoValidator().forEach(v -> chainSpec.track(v.operatorAddress()));
    Watcher.Builder watcher =
        Watcher.builder()
            .plugins(pluginsDir.load())
            .chain(chainSpec.build())
            .stateDirectory(stateDir)
            .alerting(alertsConfig.lifecycle())
            .clock(clock);
    Arrays.stream(listeners).forEach(watcher::listener);
    return watcher.build();
  }

  /**
   * Every validator of the demo script, including those that join later: their addresses are derived from
   * their names, so a private copy of the script played ahead shows them all.
   */
  private static Collection<ValidatorTruth> everyDemoValidator() {
    SimulatedChain preview = Scenarios.demo().build();
    preview.produceBlocks(LOOKAHEAD_BLOCKS);
    return preview.truth().validators().values();
  }
}
