package io.valwatch.exporter.config;

import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.risk.AlertSettings;
import java.util.List;
import java.util.Objects;

/**
 * The {@code alerts} section: how alerts move between states and where their notifications go.
 *
 * @param selfTest whether every channel gets a test notification at start
 * @param channels the channels, in file order; empty when alerts are only exported as metrics
 * @param lifecycle the pending, resolve and reminder times of every chain's alerts
 */
public record AlertsConfig(boolean selfTest, List<ChannelSpec> channels, AlertSettings lifecycle) {
  /** No channels, no self-test, the default lifecycle. */
  public static final AlertsConfig NONE = new AlertsConfig(false, List.of(), AlertSettings.defaults());

  public AlertsConfig {
    channels = List.copyOf(channels);
    Objects.requireNonNull(lifecycle, "lifecycle");
  }
}
