package io.valwatch.exporter.config;

import io.valwatch.exporter.alerts.ChannelSpec;
import java.util.List;

/**
 * The {@code alerts} section: where alert notifications go.
 *
 * @param selfTest whether every channel gets a test notification at start
 * @param channels the channels, in file order; empty when alerts are only exported as metrics
 */
public record AlertsConfig(boolean selfTest, List<ChannelSpec> channels) {
  /** No channels, no self-test. */
  public static final AlertsConfig NONE = new AlertsConfig(false, List.of());

  public AlertsConfig {
    channels = List.copyOf(channels);
  }
}
