package io.valwatch.exporter.config;

import io.valwatch.model.ChainSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded and checked exporter configuration.
 *
 * @param listen where the HTTP server listens
 * @param stateDirectory where height cursors are kept across restarts; {@code null} to keep none
 * @param chains the chains to watch, at least one
 * @param alerts where alert notifications go
 * @param kiln kiln cosmos-validator-watcher's metrics, served too; {@code null} when not
 * @param heartbeat the dead-man's switch; {@code null} when none
 * @param web how the HTTP server is secured (TLS, basic authentication); {@link WebConfig#NONE} for plain HTTP
 * @param actions the automatic responses, in configuration order
 * @param guards the Minter candidate-off guards, from the validators' {@code guard:} keys
 */
public record ExporterConfig(
    ListenAddress listen,
    Path stateDirectory,
    List<ChainSpec> chains,
    AlertsConfig alerts,
    KilnCompat kiln,
    HeartbeatConfig heartbeat,
    WebConfig web,
    List<ActionConfig> actions,
    List<GuardConfig> guards) {
  public ExporterConfig {
    Objects.requireNonNull(listen, "listen");
    chains = List.copyOf(chains);
    guards = List.copyOf(guards);
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(web, "web");
    actions = List.copyOf(actions);
  }

  /** A configuration without actions or guards. */
  public ExporterConfig(
      ListenAddress listen,
      Path stateDirectory,
      List<ChainSpec> chains,
      AlertsConfig alerts,
      KilnCompat kiln,
      HeartbeatConfig heartbeat,
      WebConfig web) {
    this(listen, stateDirectory, chains, alerts, kiln, heartbeat, web, List.of(), List.of());
  }

  /** A configuration without guards. */
  public ExporterConfig(
      ListenAddress listen,
      Path stateDirectory,
      List<ChainSpec> chains,
      AlertsConfig alerts,
      KilnCompat kiln,
      HeartbeatConfig heartbeat,
      WebConfig web,
      List<ActionConfig> actions) {
    this(listen, stateDirectory, chains, alerts, kiln, heartbeat, web, actions, List.of());
  }

  /** A configuration whose HTTP server is plain and open. */
  public ExporterConfig(
      ListenAddress listen,
      Path stateDirectory,
      List<ChainSpec> chains,
      AlertsConfig alerts,
      KilnCompat kiln,
      HeartbeatConfig heartbeat) {
    this(listen, stateDirectory, chains, alerts, kiln, heartbeat, WebConfig.NONE, List.of());
  }

  /** This configuration with another listen address. */
  public ExporterConfig withListen(ListenAddress address) {
    return new ExporterConfig(address, stateDirectory, chains, alerts, kiln, heartbeat, web, actions, guards);
  }

  /** This configuration with another state directory. */
  public ExporterConfig withStateDirectory(Path directory) {
    return new ExporterConfig(listen, directory, chains, alerts, kiln, heartbeat, web, actions, guards);
  }

  /** This configuration with another web configuration. */
  public ExporterConfig withWeb(WebConfig webConfig) {
    return new ExporterConfig(listen, stateDirectory, chains, alerts, kiln, heartbeat, webConfig, actions, guards);
  }
}
