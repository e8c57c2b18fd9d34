package io.valwatch.model;

/**
 * Whether the watcher itself works on one chain, as opposed to what the chain does: what {@code /readyz}
 * reports and the watcher's own alerts read.
 *
 * @param processing the chain's last round of work ended without an unexpected failure
 * @param persisting the last save of the chain's state to the state directory succeeded (always true without
 *     a state directory)
 * @param progressing heights that can be processed are being processed: the watcher is caught up, or its
 *     cursor advanced recently
 * @param loopFailures unexpected failures of the chain's rounds of work since start, each retried with back-off
 * @param stateSaveFailures failed saves of the chain's state since start
 * @param problem what is wrong now, one line; {@code null} when all is well
 */
public record ChainHealth(
    boolean processing,
    boolean persisting,
    boolean progressing,
    long loopFailures,
    long stateSaveFailures,
    String problem) {
  /** A chain that has not failed at anything. */
  public static final ChainHealth OK = new ChainHealth(true, true, true, 0, 0, null);

  /** Whether processing, persisting and progressing all hold. */
  public boolean ok() {
    return processing && persisting && progressing;
  }
}
