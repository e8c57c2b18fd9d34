package io.valwatch.exporter.config;

import io.valwatch.ChainSpec;
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
 */
public record ExporterConfig(
    ListenAddress listen,
    Path stateDirectory,
    List<ChainSpec> chains,
    AlertsConfig alerts,
    KilnCompat kiln,
    HeartbeatConfig heartbeat) {
  public ExporterConfig {
    Objects.requireNonNull(listen, "listen");
    chains = List.copyOf(chains);
    Objects.requireNonNull(alerts, "alerts");
  }

  /** This configuration with another listen address. */
  public ExporterConfig withListen(ListenAddress address) {
    return new ExporterConfig(address, stateDirectory, chains, alerts, kiln, heartbeat);
  }

  /** This configuration with another state directory. */
  public ExporterConfig withStateDirectory(Path directory) {
    return new ExporterConfig(listen, directory, chains, alerts, kiln, heartbeat);
  }
}
