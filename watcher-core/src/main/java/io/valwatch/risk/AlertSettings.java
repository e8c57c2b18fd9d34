package io.valwatch.risk;

import java.time.Duration;
import java.util.Objects;

/**
 * How alerts move between states, for every chain of a watcher.
 *
 * @param pendingFor how long a chain-data or signing condition must hold before it fires (default 0: at once)
 * @param endpointPendingFor how long an endpoint condition must hold before it fires (default 30 s)
 * @param resolveAfter how long a condition must be gone before its alert resolves (default 60 s)
 * @param renotifyInterval how often a firing alert is sent again as a reminder; {@link Duration#ZERO} for
 *     never (the default)
 */
public record AlertSettings(
    Duration pendingFor, Duration endpointPendingFor, Duration resolveAfter, Duration renotifyInterval) {

  private static final AlertSettings DEFAULTS =
      new AlertSettings(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO);

  public AlertSettings {
    requireNotNegative("pendingFor", pendingFor);
    requireNotNegative("endpointPendingFor", endpointPendingFor);
    requireNotNegative("resolveAfter", resolveAfter);
    requireNotNegative("renotifyInterval", renotifyInterval);
  }

  private static void requireNotNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException("alerts: " + name + " must not be negative, got " + d);
    }
  }

  /** The defaults: fire at once (endpoints after 30 s), resolve after 60 s, no reminders. */
  public static AlertSettings defaults() {
    return DEFAULTS;
  }

  public AlertSettings withPendingFor(Duration d) {
    return new AlertSettings(d, endpointPendingFor, resolveAfter, renotifyInterval);
  }

  public AlertSettings withEndpointPendingFor(Duration d) {
    return new AlertSettings(pendingFor, d, resolveAfter, renotifyInterval);
  }

  public AlertSettings withResolveAfter(Duration d) {
    return new AlertSettings(pendingFor, endpointPendingFor, d, renotifyInterval);
  }

  public AlertSettings withRenotifyInterval(Duration d) {
    return new AlertSettings(pendingFor, endpointPendingFor, resolveAfter, d);
  }
}
