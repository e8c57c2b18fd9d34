package io.valwatch.event;

import io.valwatch.alert.AlertNotification;

/**
 * Receives a watcher's events. Every method has an empty default, so implement only what you need.
 * Methods are called from the chain's own thread, in height order; a listener that blocks slows that chain
 * only, and one that throws is logged and does not stop the watcher.
 */
public interface WatcherListener {
  /** A height was processed. */
  default void onBlockProcessed(BlockProcessed event) {}

  /** A tracked validator missed a height. */
  default void onMissedBlock(MissedBlock event) {}

  /** A tracked validator's staking status changed. */
  default void onValidatorStatusChanged(ValidatorStatusChanged event) {}

  /** Heights were skipped and will not be processed. */
  default void onGapDetected(GapDetected event) {}

  /** An endpoint failed. */
  default void onEndpointError(EndpointError event) {}

  /**
   * An alert started firing, resolved, or is due for a reminder. Each state change is delivered once, also
   * across restarts when the watcher has a state directory. A notifier is a listener that implements this.
   */
  default void onAlert(AlertNotification notification) {}
}
