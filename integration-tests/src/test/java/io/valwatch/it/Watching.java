package io.valwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.ChainSpec;
import io.valwatch.ChainStatus;
import io.valwatch.ValidatorStatus;
import io.valwatch.Watcher;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.tracker.SigningStats;
import java.time.Duration;
import java.util.function.Predicate;

/** Shared steps of the integration tests: a chain spec for a simulator, waiting for progress, lookups. */
final class Watching {
  private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
  private static final long WAIT_STEP_MILLIS = 20;

  private Watching() {}

  /**
   * A spec that starts at height 1 and polls quickly; staking and endpoint checks happen once at start unless
   * a test asks for more, so that request counts depend on block processing only.
   */
  static ChainSpec.Builder specFor(SimnetServer server) {
    return ChainSpec.builder(server.chain().chainId())
        .rpcEndpoint(server.url())
        .startHeight(1)
        .websocket(false)
        .pollInterval(Duration.ofMillis(50))
        .stakingRefreshInterval(Duration.ofHours(1))
        .endpointCheckInterval(Duration.ofHours(1));
  }

  /** Waits until the chain's last processed height is {@code height} and returns that snapshot. */
  static ChainStatus awaitProcessed(Watcher watcher, String chainId, long height) {
    return await(
        watcher,
        chainId,
        s -> s.latestHeight() != null && s.latestHeight() >= height,
        "last processed height " + height);
  }

  /** Waits until a snapshot of the chain satisfies {@code condition}; fails naming it after the limit. */
  static ChainStatus await(Watcher watcher, String chainId, Predicate<ChainStatus> condition, String what) {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    ChainStatus status = watcher.status(chainId).orElseThrow();
    while (!condition.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("chain " + chainId + " did not reach " + what + " within " + WAIT_LIMIT + "; last status: " + status);
      }
      try {
        Thread.sleep(WAIT_STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      status = watcher.status(chainId).orElseThrow();
    }
    return status;
  }

  /** Waits for a condition outside the watcher, such as a simulator's request counter. */
  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + WAIT_LIMIT);
      }
      try {
        Thread.sleep(WAIT_STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** The tracked validator configured with {@code identity}. */
  static ValidatorStatus validator(ChainStatus status, String identity) {
    return status.validators().stream()
        .filter(v -> v.identity().equals(identity))
        .findFirst()
        .orElseThrow(() -> new AssertionError("validator '" + identity + "' is not tracked on " + status.chainId()));
  }

  /** Asserts that the watcher's counts equal the expected ones exactly. */
  static void assertCounts(String who, SigningStats actual, ChainHistory.Counts expected) {
    assertThat(new ChainHistory.Counts(
            actual.signedBlocks(), actual.missedBlocks(), actual.nilVotes(), actual.proposedBlocks()))
        .as("signed, missed, nil and proposed counts of %s", who)
        .isEqualTo(expected);
  }
}
