package io.valwatch.event;

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
}
