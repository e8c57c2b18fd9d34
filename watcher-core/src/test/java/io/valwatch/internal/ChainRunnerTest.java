package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.valwatch.alert.Alert;
import io.valwatch.internal.risk.AlertStore;
import io.valwatch.internal.risk.ManualClock;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.AlertSettings;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.WebSocketClient;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.StakingParams;
import io.valwatch.tracker.HeightMark;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.TrackerState;
import io.valwatch.tracker.Vote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain runner's round of work against a scripted block source and a hand-moved clock. */
class ChainRunnerTest {
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T0);
  private final ScriptedBlocks blocks = new ScriptedBlocks();
  private final OkHttpClient http = new OkHttpClient();
  /** The plugin's staking and slashing data. */
  private ChainDataSource data = ChainData::blocksOnly;

  @AfterEach
  void closeClient() {
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void anErrorInARoundIsLoggedCountedAlertedAndRetriedWithBackOff() {
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.latest = 5;
    blocks.failures.put(3L, new OutOfMemoryError("Java heap space"));

    assertThatCode(runner::tick).doesNotThrowAnyException();
    ChainStatus failing = runner.status();
    assertThat(failing.latestHeight()).hasValue(2);
    assertThat(failing.health().processing()).isFalse();
    assertThat(failing.health().loopFailures()).isEqualTo(1);
    assertThat(failing.health().problem()).contains("OutOfMemoryError", "Java heap space");
    assertThat(kinds(failing)).contains(AlertKinds.WATCHER_FAILING);

    int asked = blocks.asked;
    runner.tick();
    assertThat(blocks.asked).as("no retry before the back-off ends").isEqualTo(asked);

    clock.advance(Duration.ofSeconds(1));
    runner.tick();
    ChainStatus recovered = runner.status();
    assertThat(recovered.latestHeight()).hasValue(5);
    assertThat(recovered.health().processing()).isTrue();
    assertThat(recovered.health().loopFailures()).isEqualTo(1);
  }

  @Test
  void backOffDoublesWhileARoundKeepsFailing() {
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.latest = 5;
    blocks.failures.put(3L, new StackOverflowError());
    blocks.failForever = true;
    runner.tick();
    int[] retriesAfter = {1, 2, 4, 8};
    for (int seconds : retriesAfter) {
      int asked = blocks.asked;
      clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
      runner.tick();
      assertThat(blocks.asked).as("before %d s", seconds).isEqualTo(asked);
      clock.advance(Duration.ofMillis(1));
      runner.tick();
      assertThat(blocks.asked).as("after %d s", seconds).isGreaterThan(asked);
    }
    assertThat(runner.status().health().loopFailures()).isEqualTo(5);
  }

  @Test
  void anUnwritableStateDirectoryDoesNotHoldProcessingBack() throws Exception {
    ChainRunner runner = runner(StateStore.inDirectory(dir));
    Path blocker = dir.resolve("test-1.state.tmp");
    Files.createDirectories(blocker);
    Files.writeString(blocker.resolve("x"), "makes the temporary file impossible to write");
    blocks.latest = 10;

    runner.tick();
    ChainStatus status = runner.status();
    assertThat(status.latestHeight()).as("every processable height, not one per round").hasValue(10);
    assertThat(status.health().processing()).isTrue();
    assertThat(status.health().persisting()).isFalse();
    assertThat(status.health().stateSaveFailures()).isEqualTo(1);
    assertThat(status.health().problem()).contains("test-1.state");
    assertThat(kinds(status)).contains(AlertKinds.STATE_NOT_SAVED).doesNotContain(AlertKinds.WATCHER_FAILING);

    Files.delete(blocker.resolve("x"));
    Files.delete(blocker);
    blocks.latest = 11;
    clock.advance(Duration.ofSeconds(1));
    runner.tick();
    assertThat(runner.status().latestHeight()).hasValue(11);
    assertThat(runner.status().health().persisting()).isTrue();
    assertThat(StateStore.inDirectory(dir).load("test-1").cursor()).hasValue(11);
  }

  @Test
  void aCorruptCursorIsReportedAndTheChainStartsAfresh() throws Exception {
    Files.writeString(dir.resolve("test-1.height"), "12x");
    ChainRunner runner = runner(StateStore.inDirectory(dir));
    blocks.latest = 10;

    runner.tick();
    assertThat(runner.status().latestHeight()).hasValue(10);
    assertThat(runner.status().health().ok()).isTrue();
    assertThat(dir.resolve("test-1.height.unusable")).exists();
  }

  @Test
  void anIdleRoundRebuildsNothingAndANewHeightRebuildsOnce() {
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.latest = 5;
    runner.tick();
    ChainStatus first = runner.status();

    runner.tick();
    clock.advance(Duration.ofMillis(200));
    runner.tick();
    clock.advance(Duration.ofSeconds(1));
    runner.tick();
    assertThat(runner.status()).as("nothing changed").isSameAs(first);

    blocks.latest = 6;
    runner.tick();
    ChainStatus next = runner.status();
    assertThat(next.latestHeight()).hasValue(6);
    assertThat(next.validators()).isNotSameAs(first.validators());
  }

  @Test
  void processingThatStaysStuckIsReportedAsNotProgressing() {
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.latest = 5;
    runner.tick();
    blocks.latest = 9;
    blocks.unavailableFrom = 6;
    clock.advance(Duration.ofSeconds(119));
    runner.tick();
    assertThat(runner.status().health().progressing()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    runner.tick();
    assertThat(runner.status().health().progressing()).isFalse();
    assertThat(runner.status().health().problem()).contains("4 height(s) wait");
    assertThat(kinds(runner.status())).contains(AlertKinds.WATCHER_FAILING);

    blocks.unavailableFrom = Long.MAX_VALUE;
    clock.advance(Duration.ofSeconds(1));
    runner.tick();
    assertThat(runner.status().latestHeight()).hasValue(9);
    assertThat(runner.status().health().progressing()).isTrue();
  }

  @Test
  void processingGoesOnAfterAGapInTheMiddleOfARun() {
    ChainRunner runner = runner(StateStore.inMemory(), 30);
    blocks.latest = 25;
    runner.tick();
    blocks.latest = 100;
    clock.advance(Duration.ofSeconds(1));
    runner.tick();

    ChainStatus status = runner.status();
    assertThat(status.gapBlocks()).as("heights 26..70").isEqualTo(45);
    assertThat(status.latestHeight()).hasValue(100);
    assertThat(status.blocksProcessed()).isEqualTo(25 + 30);
    assertThat(status.health().ok()).isTrue();
    ValidatorStatus a = status.validators().get(0);
    assertThat(a.signing().missedBlocks()).as("heights 20..25 and 71..100").isEqualTo(36);
    assertThat(a.signing().consecutiveMissedBlocks()).isEqualTo(36);
    assertThat(a.recentBlocks().at(24)).as("the window starts again after the gap").isEmpty();
    assertThat(a.recentBlocks().at(70)).as("nothing is known of the gap").isEmpty();
    assertThat(a.recentBlocks().at(71)).hasValue(new HeightMark(HeightMark.Outcome.MISSED, false));
    assertThat(a.signing().windowMissedBlocks()).isEqualTo(30);
  }

  @Test
  void aRestartResumesWithTheWindowsAndStreaksOfAWatcherThatNeverStopped() {
    StateStore store = StateStore.inDirectory(dir);
    ChainRunner before = runner(store);
    blocks.latest = 30;
    before.tick();
    assertThat(before.status().latestHeight()).hasValue(30);
    // No close: the process is killed, and only what each batch saved is left.

    ChainRunner after = runner(StateStore.inDirectory(dir));
    blocks.latest = 40;
    after.tick();
    ChainRunner neverStopped = runner(StateStore.inMemory());
    neverStopped.tick();

    ChainStatus resumed = after.status();
    ChainStatus truth = neverStopped.status();
    assertThat(resumed.blocksProcessed()).as("heights 31..40 only, none twice").isEqualTo(10);
    assertThat(resumed.latestHeight()).isEqualTo(truth.latestHeight());
    assertThat(resumed.blockIntervalSeconds()).isEqualTo(truth.blockIntervalSeconds());
    assertThat(resumed.activeValidatorUptimeRatios()).isEqualTo(truth.activeValidatorUptimeRatios());
    for (int i = 0; i < truth.validators().size(); i++) {
      ValidatorStatus r = resumed.validators().get(i);
      ValidatorStatus t = truth.validators().get(i);
      assertThat(r.signing().consecutiveMissedBlocks()).isEqualTo(t.signing().consecutiveMissedBlocks());
      assertThat(r.signing().windowMissedBlocks()).isEqualTo(t.signing().windowMissedBlocks());
      assertThat(r.signing().windowSlots()).isEqualTo(t.signing().windowSlots());
      assertThat(r.recentBlocks()).isEqualTo(t.recentBlocks());
      assertThat(r.risk()).isEqualTo(t.risk());
    }
    assertThat(truth.validators().get(0).signing().consecutiveMissedBlocks()).isEqualTo(21);
  }

  @Test
  void stakingIsReadAgainWhenItsIntervalHasPassedOnTheClockAndAFailedReadKeepsTheLast() {
    List<Instant> reads = new ArrayList<>();
    boolean[] failing = {false};
    data = () -> {
      reads.add(clock.instant());
      if (failing[0]) {
        throw new IOException("abci_query failed");
      }
      return ChainData.builder()
          .validators(List.of())
          .stakingParams(Optional.of(StakingParams.builder()
              .maxValidators(reads.size())
              .bondDenom("uatom")
              .unbondingTime(Duration.ofDays(21))
              .build()))
          .slashingParams(Optional.empty())
          .livenessRule(Optional.empty())
          .signingInfos(Map.of())
          .height(0)
          .build();
    };
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.latest = 5;

    runner.tick();
    assertThat(reads).containsExactly(T0);
    // A block comes before every later round: a halted chain's state is not read again (see below).
    assertThat(runner.status().maxValidators()).hasValue(1);

    clock.advance(Duration.ofSeconds(60).minusMillis(1));
    blocks.latest++;
    runner.tick();
    assertThat(reads).as("the default interval is 60 s").hasSize(1);
    clock.advance(Duration.ofMillis(1));
    blocks.latest++;
    runner.tick();
    assertThat(reads).hasSize(2);
    assertThat(runner.status().maxValidators()).hasValue(2);

    failing[0] = true;
    clock.advance(Duration.ofSeconds(60));
    blocks.latest++;
    runner.tick();
    assertThat(reads).hasSize(3);
    assertThat(runner.status().maxValidators()).as("the last data is kept").hasValue(2);
    assertThat(runner.status().health().processing()).isTrue();

    failing[0] = false;
    clock.advance(Duration.ofSeconds(59));
    blocks.latest++;
    runner.tick();
    assertThat(reads).as("a failed read waits for the next interval too").hasSize(3);
    clock.advance(Duration.ofSeconds(1));
    blocks.latest++;
    runner.tick();
    assertThat(reads).hasSize(4);
    assertThat(runner.status().maxValidators()).hasValue(4);
  }

  @Test
  void aLongCatchUpSavesItsStateOnceASecondOfTheClockAndOnClose() {
    List<Long> saved = new ArrayList<>();
    StateStore counting = new StateStore() {
      @Override
      public Saved load(String chainId) {
        return StateStore.inMemory().load(chainId);
      }

      @Override
      public void save(String chainId, long height, Supplier<TrackerState> state) {
        saved.add(height);
      }
    };
    ChainRunner runner = runner(counting);
    blocks.latest = 50;
    blocks.onFetch = () -> clock.advance(Duration.ofMillis(100));

    runner.tick();
    assertThat(saved).as("a height fetched every 100 ms").containsExactly(10L, 20L, 30L, 40L, 50L);

    blocks.latest = 52;
    runner.tick();
    assertThat(saved).as("a round that ends the catch-up saves what it did").endsWith(52L).hasSize(6);

    runner.close();
    assertThat(saved).endsWith(52L, 52L);
  }

  @Test
  void aHaltedChainsStateIsNotReadAgainUntilABlockComes() {
    int[] stakingReads = {0};
    int[] governanceReads = {0};
    data = new ChainDataSource() {
      @Override
      public ChainData fetch() {
        stakingReads[0]++;
        return ChainData.blocksOnly();
      }

      @Override
      public GovernanceData governance(Collection<String> operatorAddresses) {
        governanceReads[0]++;
        return GovernanceData.none();
      }
    };
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.latest = 5;
    runner.tick();
    assertThat(stakingReads[0]).isEqualTo(1);
    assertThat(governanceReads[0]).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    runner.tick();
    assertThat(stakingReads[0]).as("heights were processed after the first read").isEqualTo(2);
    for (int minute = 2; minute <= 5; minute++) {
      clock.advance(Duration.ofMinutes(1));
      runner.tick();
    }
    assertThat(governanceReads[0]).as("heights were processed after the first read").isEqualTo(2);
    ChainStatus halted = runner.status();

    for (int minute = 6; minute <= 10; minute++) {
      clock.advance(Duration.ofMinutes(1));
      runner.tick();
    }
    assertThat(stakingReads[0]).as("no block came: the chain's state is the same").isEqualTo(2);
    assertThat(governanceReads[0]).isEqualTo(2);
    assertThat(runner.status().validators()).as("nothing to rebuild").isSameAs(halted.validators());

    blocks.latest = 6;
    clock.advance(Duration.ofMinutes(1));
    runner.tick();
    assertThat(stakingReads[0]).as("a block came").isEqualTo(3);
    assertThat(runner.status().latestHeight()).hasValue(6);
    clock.advance(Duration.ofMinutes(1));
    runner.tick();
    assertThat(stakingReads[0]).as("height 6 was processed after that read").isEqualTo(4);

    for (int minute = 1; minute <= 10; minute++) {
      clock.advance(Duration.ofMinutes(1));
      runner.tick();
    }
    assertThat(stakingReads[0]).as("read again ten minutes after the last read all the same").isEqualTo(5);
    assertThat(governanceReads[0]).as("every five minutes while something moved").isEqualTo(3);
  }

  @Test
  void aStalledChainIsAlertedOnTimeAndTimeAloneThenChangesNothing() {
    ChainRunner runner = runner(StateStore.inMemory());
    blocks.endpoints = List.of(EndpointStatus.builder().endpoint("http://127.0.0.1:9").up(true).height(6L).build());
    blocks.latest = 5;
    runner.tick();

    Instant stalledAt = null;
    for (int second = 1; second <= 300 && stalledAt == null; second++) {
      clock.advance(Duration.ofSeconds(1));
      runner.tick();
      if (kinds(runner.status()).contains(AlertKinds.CHAIN_STALLED)) {
        stalledAt = clock.instant();
      }
    }
    assertThat(stalledAt).as("60 s without a block (blocks come every 5 s; at least 60 s)").isEqualTo(T0.plusSeconds(60));

    ChainStatus stalled = runner.status();
    for (int second = 1; second <= 120; second++) {
      clock.advance(Duration.ofSeconds(1));
      runner.tick();
    }
    assertThat(runner.status()).as("nothing new to show while the chain stays halted").isSameAs(stalled);

    // Blocks again, every 5 s: the stall resolves once it has been gone for the hold-down.
    Instant resolvedAt = null;
    Instant resumedAt = clock.instant().plusSeconds(1);
    for (int second = 1; second <= 300 && resolvedAt == null; second++) {
      clock.advance(Duration.ofSeconds(1));
      if (second % 5 == 1) {
        blocks.latest++;
      }
      runner.tick();
      if (!kinds(runner.status()).contains(AlertKinds.CHAIN_STALLED)) {
        resolvedAt = clock.instant();
      }
    }
    assertThat(resolvedAt).isEqualTo(resumedAt.plus(AlertSettings.defaults().resolveAfter()));
  }

  private static List<String> kinds(ChainStatus status) {
    return status.activeAlerts().stream().map(Alert::key).map(k -> k.kind()).toList();
  }

  private ChainRunner runner(StateStore store) {
    return runner(store, 10_000);
  }

  private ChainRunner runner(StateStore store, long backfillLimit) {
    ChainSpec spec = ChainSpec.builder("test-1").rpcEndpoint("http://127.0.0.1:9").track(A, "a").startHeight(1)
        .backfillLimit(backfillLimit).build();
    ChainPlugin plugin = new ScriptedPlugin(blocks, data);
    return new ChainRunner(
        spec, new PluginChoice(Optional.of(plugin), List.of(plugin)), http, WebSocketClient.create(http), null, null,
        clock, store, List.of(), AlertSettings.defaults(), AlertStore.inMemory());
  }

  /** Heights up to {@link #latest}; A misses from height 20 on. */
  private static final class ScriptedBlocks implements BlockSource {
    final Map<Long, Throwable> failures = new HashMap<>();
    volatile long latest;
    boolean failForever;
    long unavailableFrom = Long.MAX_VALUE;
    int asked;
    /** Runs as each height is fetched: lets the clock move during a catch-up. */
    Runnable onFetch = () -> {};
    List<EndpointStatus> endpoints = List.of();

    @Override
    public long latestHeight() {
      return latest;
    }

    @Override
    public HeightVotes votes(long height) throws IOException {
      asked++;
      onFetch.run();
      Throwable failure = failForever ? failures.get(height) : failures.remove(height);
      if (failure instanceof Error e) {
        throw e;
      }
      if (height >= unavailableFrom) {
        throw new IOException("height " + height + " not served yet");
      }
      List<Vote> votes =
          List.of(new Vote(A, 10, height >= 20 ? BlockIdFlag.ABSENT : BlockIdFlag.COMMIT), new Vote(B, 30, BlockIdFlag.COMMIT));
      return new HeightVotes(height, T0.plusSeconds(5 * height + height % 3), B, votes, Set.of(), null);
    }

    @Override
    public List<EndpointStatus> endpoints() {
      return endpoints;
    }
  }

  private record ScriptedPlugin(BlockSource blocks, ChainDataSource data) implements ChainPlugin {
    @Override
    public String id() {
      return "scripted";
    }

    @Override
    public Optional<BlockSource> openBlockSource(ChainContext context) {
      return Optional.of(blocks);
    }

    @Override
    public ChainDataSource open(ChainContext context) {
      return data;
    }
  }
}
