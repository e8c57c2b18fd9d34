package io.valwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.ValidatorTruth;
import io.valwatch.tracker.SigningStats;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

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
    return specFor(server.chain().chainId(), server.url());
  }

  /** Like {@link #specFor(SimnetServer)}, for a simulator known by its chain id and RPC URL only. */
  static ChainSpec.Builder specFor(String chainId, String rpcUrl) {
    return ChainSpec.builder(chainId)
        .rpcEndpoint(rpcUrl)
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
        s -> s.latestHeight().orElse(-1) >= height,
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

  /** The live threads of {@code group} whose name matches {@code nameRegex}. */
  static List<Thread> threads(ThreadGroup group, String nameRegex) {
    Thread[] threads = new Thread[group.activeCount() + 64];
    int n = group.enumerate(threads);
    return Arrays.stream(threads, 0, n).filter(t -> t.getName().matches(nameRegex)).toList();
  }

  /** Waits for a condition outside the watcher, such as a simulator's request counter. */
  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    awaitTrue(condition, what, WAIT_LIMIT);
  }

  /** Like {@link #awaitTrue(java.util.function.BooleanSupplier, String)}, waiting up to {@code limit}. */
  static void awaitTrue(java.util.function.BooleanSupplier condition, String what, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + limit);
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

  /**
   * The 1-based rank of {@code name} among the bonded validators of {@code truth}, ordered by {@code power}
   * (tokens with x/staking, voting power with x/mstaking); {@code null} when it is not bonded.
   */
  static Integer expectedRank(ChainTruth truth, String name, ToLongFunction<ValidatorTruth> power) {
    List<String> bonded =
        truth.validators().values().stream()
            .filter(v -> v.status() == BondStatus.BONDED)
            .sorted(Comparator.comparingLong(power).reversed())
            .map(ValidatorTruth::name)
            .toList();
    int index = bonded.indexOf(name);
    return index < 0 ? null : index + 1;
  }

  /**
   * Asserts that what the watcher says about a validator's staking and slashing equals the truth: jailing,
   * bond status, rank, the chain's missed counter and the blocks it can still miss before the jail.
   */
  static void assertStaking(
      StakingStatus actual, ValidatorTruth truth, Integer expectedRank, long maxMissedBlocks) {
    String name = truth.name();
    assertThat(actual).as("staking status of %s", name).isNotNull();
    assertThat(actual.operatorAddress()).as("operator address of %s", name).contains(truth.operatorAddress());
    assertThat(actual.jailed()).as("jailed %s", name).isEqualTo(truth.jailed());
    assertThat(actual.bondStatus()).as("bond status of %s", name).isEqualTo(truth.status());
    assertThat(actual.rank()).as("rank of %s", name)
        .isEqualTo(expectedRank == null ? OptionalInt.empty() : OptionalInt.of(expectedRank));
    assertThat(actual.chainMissedBlocksCounter()).as("missed_blocks_counter of %s", name)
        .hasValue(truth.missedBlocksCounter());
    assertThat(actual.chainBlocksUntilPenalty()).as("blocks until jail of %s", name)
        .hasValue(Math.max(0, maxMissedBlocks - truth.missedBlocksCounter()));
  }
}
