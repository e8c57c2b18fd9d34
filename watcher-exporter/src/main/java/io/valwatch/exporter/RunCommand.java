package io.valwatch.exporter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.action.Action;
import io.valwatch.action.ActionEngine;
import io.valwatch.action.ActionStatus;
import io.valwatch.action.ActionStore;
import io.valwatch.event.WatcherListener;
import io.valwatch.exporter.actions.ActionMetrics;
import io.valwatch.exporter.actions.ActionNotices;
import io.valwatch.exporter.alerts.AlertDispatcher;
import io.valwatch.exporter.alerts.Heartbeat;
import io.valwatch.exporter.config.ActionConfig;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.exporter.config.HeartbeatConfig;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.exporter.http.Readiness;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.exporter.metrics.KilnMetrics;
import io.valwatch.model.DisplayUnit;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code valwatch run}: watches the chains of a configuration file and serves their metrics. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    description = {
      "Watches the chains in a configuration file and serves the status page (/), /api/v1/status, /metrics,"
          + " /healthz and /readyz (also as /live and /ready).",
      "Without --config, watches one chain given by flags, as kiln's cosmos-validator-watcher is run:"
          + " --node URL [--node URL...] --validator ADDR[:label] [--validator ...] [--chain-id ID], or"
          + " --all-validators instead of --validator to track every validator of the set."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigFileOption config;

  @Option(
      names = "--node",
      paramLabel = "<url>",
      description = "Without --config: a CometBFT RPC URL of the chain to watch; repeat for more.")
  List<String> nodes = new ArrayList<>();

  @Option(
      names = "--validator",
      paramLabel = "<addr[:label]>",
      description =
          "Without --config: a validator to track (operator, valcons or hex consensus address, or consensus"
              + " public key), with an optional label; repeat for more.")
  List<String> validators = new ArrayList<>();

  @Option(
      names = "--all-validators",
      description =
          "Without --config: track every validator of the set (network mode, 'validators: all') instead of"
              + " --validator.")
  boolean allValidators;

  @Option(
      names = "--chain-id",
      paramLabel = "<id>",
      description = "Without --config: the chain id; by default the first --node that answers tells it.")
  String chainId;

  @Option(
      names = "--compat",
      paramLabel = "<exporter>",
      description = "Without --config: also serve another exporter's metrics; only 'kiln' is known.")
  List<String> compat = new ArrayList<>();

  @Option(
      names = "--namespace",
      paramLabel = "<prefix>",
      description =
          "Without --config: the prefix of kiln's metric names (implies --compat kiln). Default:"
              + " cosmos_validator_watcher.")
  String namespace;

  @Option(
      names = "--denom",
      paramLabel = "<name>",
      description =
          "Without --config: the unit people read amounts in, such as ATOM (the chain's 'denom'); kiln's metrics"
              + " carry it as their denom label.")
  String denom;

  @Option(
      names = "--denom-exponent",
      paramLabel = "<n>",
      description =
          "Without --config: base units per --denom as a power of ten, such as 6 for uatom (the chain's"
              + " 'exponent'; default 0 with --denom).")
  Integer denomExponent;

  @Option(
      names = "--print-config",
      description = "Prints the configuration file that the flags stand for and exits.")
  boolean printConfig;

  @Option(
      names = {"--listen", "--http-addr"},
      paramLabel = "<host:port>",
      converter = ListenAddressConverter.class,
      description = "Where the HTTP server listens; overrides 'listen' in the file (default 127.0.0.1:9300).")
  ListenAddress listen;

  @Option(
      names = "--web-config",
      paramLabel = "<file>",
      description =
          "TLS and basic authentication for the HTTP server, in the Prometheus exporter-toolkit web configuration"
              + " format; overrides 'web_config' in the file.")
  Path webConfig;

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
    if (printConfig) {
      spec.commandLine().getOut().print(flagsYaml());
      spec.commandLine().getOut().flush();
      return 0;
    }
    ExporterConfig effective = effectiveConfig();
    Exporter exporter = start(effective);
    // Watching for SIGTERM starts before the address is printed, so a stop right after it is a clean one.
    Shutdown shutdown = Shutdown.closeOnExit(exporter);
    spec.commandLine()
        .getOut()
        .printf(
            "valwatch %s watching %d chain(s); metrics on %s://%s:%d/metrics%n",
            BuildInfo.current().describe(),
            effective.chains().size(),
            exporter.scheme(),
            effective.listen().host(),
            exporter.port());
    spec.commandLine().getOut().flush();
    warnIfOpen(effective);
    shutdown.await();
    return 0;
  }

  /** Starts watching and serving {@code effective}: metrics (kiln's too when asked), alerts, progress logs. */
  Exporter start(ExporterConfig effective) {
    PrometheusRegistry registry = new PrometheusRegistry();
    AlertDispatcher alerts = alerting.start(effective.alerts(), registry);
    List<AutoCloseable> closeAfter = new ArrayList<>();
    try {
      MinterGuards guards = MinterGuards.of(effective);
      closeAfter.add(guards);
      guards.registerMetrics(registry);
      ActionEngine actions = actions(effective, guards, alerts, registry);
      if (actions != null) {
        // Closed after the watcher, before the channels its last notices go to.
        closeAfter.add(actions);
      }
      Watcher watcher = actions == null ? watcher(effective, alerts) : watcher(effective, alerts, actions);
      if (effective.kiln() != null) {
        registry.register(new KilnMetrics(watcher::status, effective.kiln().namespace(), configuredUnits(effective)));
      }
      closeAfter.add(BackfillProgress.start(watcher::status));
      closeAfter.addAll(alerting.startCommands(effective.alerts(), watcher::status));
      if (effective.heartbeat() != null) {
        closeAfter.add(heartbeat(effective.heartbeat(), watcher, registry));
      }
      if (actions != null) {
        actions.start(watcher::confirm);
      }
      guards.startChecks(alerts);
      List<AutoCloseable> all = new ArrayList<>(closeAfter);
      all.add(alerts);
      Supplier<List<ActionStatus>> actionStatus = actions == null ? List::of : actions::status;
      return Exporter.start(
          watcher, effective.listen(), effective.web(), registry, actionStatus, all.toArray(AutoCloseable[]::new));
    } catch (RuntimeException e) {
      for (AutoCloseable started : closeAfter) {
        try {
          started.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      alerts.close();
      throw e;
    }
  }

  /**
   * The actions of {@code config}, their state read from the state directory, their attempts counted in
   * {@code registry} and sent to {@code channels}; {@code null} when there are none.
   *
   * @throws IllegalStateException when the action state cannot be read
   */
  private static ActionEngine actions(
      ExporterConfig config, MinterGuards guards, WatcherListener channels, PrometheusRegistry registry) {
    if (config.actions().isEmpty() && config.guards().isEmpty()) {
      return null;
    }
    OkHttpClient http = new OkHttpClient();
    ActionEngine.Builder engine =
        ActionEngine.builder()
            .store(ActionStore.inDirectory(config.stateDirectory()))
            .listener(new ActionNotices(channels));
    for (ActionConfig a : config.actions()) {
      Action action = a.action(http);
      engine.action(action);
      LoggerFactory.getLogger(RunCommand.class).info(
          "action {}: on {}, {}{}", action.name(), action.trigger().describe(), action.effect().describe(),
          action.dryRun() ? " (dry run)" : "");
    }
    guards.actions().forEach(action -> {
      engine.action(action);
      LoggerFactory.getLogger(RunCommand.class).info("guard {}: on {}", action.name(), action.trigger().describe());
    });
    ActionEngine built = engine.build();
    ActionMetrics.register(registry, built::status);
    return built;
  }

  /** The display unit each chain's configuration names (not one its plugin derives), by chain id. */
  private static Map<String, DisplayUnit> configuredUnits(ExporterConfig config) {
    Map<String, DisplayUnit> units = new HashMap<>();
    config.chains().forEach(chain -> chain.displayUnit().ifPresent(unit -> units.put(chain.chainId(), unit)));
    return units;
  }

  /** Pings the heartbeat URL while every chain is ready, as {@code /readyz} judges it. */
  private static Heartbeat heartbeat(HeartbeatConfig config, Watcher watcher, PrometheusRegistry registry) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "valwatch-heartbeat");
              t.setDaemon(true);
              return t;
            });
    return Heartbeat.start(
        config.url(),
        config.interval(),
        () -> Readiness.problems(watcher.status()),
        new OkHttpClient(),
        executor,
        Clock.systemUTC(),
        registry);
  }

  /**
   * The configuration file, or the one the flags stand for, with the command line's overrides, its plugin ids
   * checked against the loaded plugins.
   */
  ExporterConfig effectiveConfig() {
    Set<String> pluginIds = plugins().plugins().stream().map(ChainPlugin::id).collect(Collectors.toSet());
    ConfigLoader loader = new ConfigLoader(System::getenv, pluginIds);
    ExporterConfig effective;
    if (config.file == null) {
      effective = loader.parse(flagsYaml(), "the command line");
    } else {
      checkNoChainFlags();
      effective = loader.load(config.file);
    }
    if (listen != null) {
      effective = effective.withListen(listen);
    }
    if (stateDir != null) {
      effective = effective.withStateDirectory(stateDir);
    }
    if (webConfig != null) {
      effective = effective.withWeb(loader.loadWebConfig(webConfig));
    }
    return effective;
  }

  /** One warning when the endpoints are reachable from other machines by anyone, as operators should know. */
  private static void warnIfOpen(ExporterConfig config) {
    if (!config.listen().isLoopback() && !config.web().authenticates()) {
      LoggerFactory.getLogger(RunCommand.class)
          .warn(
              "listening on {} without authentication: anyone who reaches this port can read the status of"
                  + " your validators; bind to 127.0.0.1 or give a web configuration (docs/deploy.md)",
              config.listen());
    }
  }

  /**
   * A watcher, not started yet, for every chain of {@code config}, with the built-in and dropped-in plugins,
   * reporting to {@code listeners}.
   */
  Watcher watcher(ExporterConfig config, WatcherListener... listeners) {
    WebSocketBuffers.preset();
    Watcher.Builder watcher =
        Watcher.builder()
            .plugins(plugins())
            .stateDirectory(config.stateDirectory())
            .alerting(config.alerts().lifecycle());
    Arrays.stream(listeners).forEach(watcher::listener);
    config.chains().forEach(watcher::chain);
    return watcher.build();
  }

  /** The configuration the flags stand for; a usage error when they are incomplete or mixed with --config. */
  private String flagsYaml() {
    if (config.file != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--print-config writes the file that flags stand for: give --node/--validator instead of --config");
    }
    if (nodes.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "give --config <file>, or --node <url> (and --validator <addr[:label]>)");
    }
    for (String name : compat) {
      if (!name.equals("kiln")) {
        throw new ParameterException(spec.commandLine(), "--compat: unknown exporter '" + name + "'; known: kiln");
      }
    }
    if (allValidators && !validators.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--all-validators tracks every validator of the set: give it or --validator, not both");
    }
    String kilnNamespace = namespace != null ? namespace : compat.isEmpty() ? null : KilnMetrics.DEFAULT_NAMESPACE;
    try {
      return new FlagsConfig(nodes, validators, allValidators, chainId, kilnNamespace, denom, denomExponent).yaml();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The flags that describe a chain are an error next to --config, which describes it instead. */
  private void checkNoChainFlags() {
    if (!nodes.isEmpty() || !validators.isEmpty() || allValidators || chainId != null || !compat.isEmpty()
        || namespace != null || denom != null || denomExponent != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--node, --validator, --all-validators, --chain-id, --compat, --namespace, --denom and"
              + " --denom-exponent describe a chain without --config; with a file, set them in it");
    }
  }

  private ChainPluginRegistry plugins() {
    if (plugins == null) {
      plugins = pluginsDir.load();
    }
    return plugins;
  }
}
