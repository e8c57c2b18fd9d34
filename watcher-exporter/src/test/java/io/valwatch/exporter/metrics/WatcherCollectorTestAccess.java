package io.valwatch.exporter.metrics;

import io.valwatch.model.ChainStatus;

/** The metrics tests' example chain, for the HTTP tests. */
public final class WatcherCollectorTestAccess {
  private WatcherCollectorTestAccess() {}

  /** A chain with every value known: one validator, one endpoint, alerts. */
  public static ChainStatus chain() {
    return WatcherCollectorTest.fullChain();
  }
}
