package io.valwatch.internal;

import io.valwatch.model.ChainHealth;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one chain's watcher works: counts unexpected failures of its rounds and spaces their retries out
 * (1 s, doubling to 1 min), counts failed state saves, and logs each kind of trouble once when it starts and
 * once when it ends rather than at every round. Used on the chain's thread only.
 */
final class WatchHealth {
  // The chain's log lines share the runner's category.
  private static final Logger log = LoggerFactory.getLogger(WatchHealth.class);
  private static final Duration RETRY_MIN = Duration.ofSeconds(1);
  private static final Duration RETRY_MAX = Duration.ofMinutes(1);
  private static final int PROBLEM_CHARS = 300;

  private final String chainId;
  private long loopFailures;
  private int failuresInARow;
  private Duration retryDelay = RETRY_MIN;
  private Instant retryAt = Instant.MIN;
  private String loopProblem;
  private long stateSaveFailures;
  private String saveProblem;

  WatchHealth(String chainId) {
    this.chainId = chainId;
  }

  /** Whether a round may run now, or a failed one waits for its retry. */
  boolean mayRun(Instant now) {
    return !now.isBefore(retryAt);
  }

  /** Returns whether rounds were failing until this one. */
  boolean roundSucceeded() {
    if (failuresInARow == 0) {
      return false;
    }
    log.info("chain {}: processing again after {} failed round(s)", chainId, failuresInARow);
    failuresInARow = 0;
    retryDelay = RETRY_MIN;
    loopProblem = null;
    return true;
  }

  /** A round threw: logged with its stack trace the first time in a row, in one line after that. */
  void roundFailed(Throwable failure, Instant now) {
    loopFailures++;
    failuresInARow++;
    loopProblem = cap("processing fails: " + failure);
    retryAt = now.plus(retryDelay);
    if (failuresInARow == 1) {
      log.error("chain {}: unexpected failure; retrying in {} s", chainId, retryDelay.toSeconds(), failure);
    } else {
      log.warn(
          "chain {}: still failing ({} rounds in a row): {}; retrying in {} s",
          chainId, failuresInARow, cap(String.valueOf(failure)), retryDelay.toSeconds());
    }
    Duration doubled = retryDelay.multipliedBy(2);
    retryDelay = doubled.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : doubled;
  }

  void saved() {
    if (saveProblem != null) {
      log.info("chain {}: state saved again", chainId);
    }
    saveProblem = null;
  }

  void saveFailed(RuntimeException failure) {
    stateSaveFailures++;
    if (saveProblem == null) {
      log.error(
          "chain {}: {}; heights are still processed and exported, a restart would repeat them", chainId,
          cap(failure.getMessage()));
    }
    saveProblem = cap("state not saved: " + failure.getMessage());
  }

  /**
   * @param progressing whether processable heights are being processed
   * @param progressProblem what holds processing up, when it does not progress
   */
  ChainHealth status(boolean progressing, String progressProblem) {
    String problem =
        loopProblem != null ? loopProblem : saveProblem != null ? saveProblem : progressing ? null : progressProblem;
    return new ChainHealth(loopProblem == null, saveProblem == null, progressing, loopFailures, stateSaveFailures, problem);
  }

  private static String cap(String text) {
    String s = String.valueOf(text).replaceAll("[\\r\\n]+", " ");
    return s.length() <= PROBLEM_CHARS ? s : s.substring(0, PROBLEM_CHARS) + "…";
  }
}
