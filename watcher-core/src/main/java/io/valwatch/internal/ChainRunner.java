package io.valwatch.internal;

import io.valwatch.action.Confirmation;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.EndpointError;
import io.valwatch.event.GapDetected;
import io.valwatch.event.MissedBlock;
import io.valwatch.event.WatcherListener;
import io.valwatch.internal.risk.AlertStore;
import io.valwatch.internal.risk.RiskCalculator;
import io.valwatch.internal.risk.RiskInputs;
import io.valwatch.model.ChainHealth;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.TrackedValidator;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertSettings;
import io.valwatch.risk.RiskStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.WebSocketClient;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.HeightPrunedException;
import io.valwatch.spi.StakingParams;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import io.valwatch.tracker.SigningTracker;
import io.valwatch.tracker.TrackerState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one chain: processes heights strictly in order from a persisted cursor, each exactly once, and
 * keeps the chain's staking data fresh. Heights come from a {@link BlockSource}: the plugin's own, or
 * CometBFT RPC. All work runs in {@link #tick()}: every {@code TICK} and at once after a pushed block, never
 * concurrently. The chain's plugin is given, or detected from the chain's answers at the first tick.
 *
 * <p>The published status is rebuilt only when something it shows changed: a processed height, a staking
 * or governance read, an endpoint's state, the watcher's own health. A tick that finds nothing new costs
 * the block source's check and, once a second, an alert evaluation for the rules that depend on time.
 */
public final class ChainRunner {
  private static final Logger log = LoggerFactory.getLogger(ChainRunner.class);
  private static final Duration TICK = Duration.ofMillis(200);
  /** During a long catch-up the status is republished and the state saved at most this often. */
  private static final Duration BATCH = Duration.ofSeconds(1);
  /**
   * When nothing changed, the alerts are evaluated again when time alone would change one (a stall, a
   * hold-down, a reminder, a proposal's deadline: {@link AlertEvaluation#nextDue}), at most this often...
   */
  private static final Duration TIMED_EVALUATION_EVERY = Duration.ofSeconds(1);
  /** ...and at least this often. */
  private static final Duration EVALUATION_AT_LEAST_EVERY = Duration.ofMinutes(1);
  /** The endpoints' request counts in the status are refreshed at most this often when nothing else changed. */
  private static final Duration ENDPOINT_COUNTS_EVERY = Duration.ofSeconds(1);
  /** Processable heights left unprocessed this long mean the watcher does not progress. */
  private static final Duration PROGRESS_LIMIT = Duration.ofMinutes(2);
  /** Heights of each validator's block grid in the published status. */
  private static final int RECENT_BLOCKS = 300;
  private static final Duration DETECT_RETRY = Duration.ofSeconds(30);
  /** How long a confirmation waits for the chain's round in progress to end. */
  private static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);
  private static final int DEFAULT_WINDOW = 100;
  private static final int MAX_WINDOW = 1_000_000;
  /**
   * A chain's state changes only with its blocks, so a periodic read of it (staking, governance) is skipped
   * while no new height was seen or processed since the last one, up to this long after it. Processed counts
   * too: which validators the last read is matched against changes with the heights processed.
   */
  private static final Duration UNCHANGED_CHAIN_REREAD = Duration.ofMinutes(10);

  private final ChainSpec spec;
  private final PluginChoice pluginChoice;
  private final PluginDetection detection;
  private final OkHttpClient http;
  /** Says when a round is due; the rounds themselves run on {@link #rounds}. */
  private final ScheduledExecutorService timer;
  /** Runs the rounds, which may block on the network; a chain holds a thread only while its round runs. */
  private final ExecutorService rounds;
  /** A round was handed to {@link #rounds} and has not begun: further hand-offs until it begins are dropped. */
  private final AtomicBoolean roundQueued = new AtomicBoolean();
  private volatile Future<?> lastRound;
  private final Clock clock;
  private final StateStore stateStore;
  private final ChainEvents events;
  private final List<CometRpcClient> rpcClients;
  private final EndpointPool pool;
  private final TrackedValidators tracked;
  private final ReentrantLock tickLock = new ReentrantLock();
  /** Set by a pushed block; the round that sees it set runs again at once. */
  private final AtomicBoolean woken = new AtomicBoolean();
  private final RiskCalculator risk;
  private final AlertEvaluation alerts;
  private final WatchHealth health;

  private volatile boolean closed;
  private volatile ChainStatus snapshot;
  private ScheduledFuture<?> ticking;
  /** Replaced once, by the saved state, when processing resumes after a restart. */
  private SigningTracker tracker;

  private ChainPlugin plugin;
  private BlockSource blocks;
  private ChainDataSource dataSource;
  private List<CometRpcClient> dataSourceClients;
  private boolean suggestedOtherPlugins;
  private boolean started;
  private long cursor;
  private long blocksProcessed;
  private long gapBlocks;
  private StakingView staking;
  private Instant nextDetect = Instant.MIN;
  private Instant nextStakingRefresh = Instant.MIN;
  private Instant nextBatchEnd = Instant.MIN;
  private Instant nextGovernance = Instant.MIN;
  private final PeriodicRead stakingReads = new PeriodicRead();
  private final PeriodicRead governanceReads = new PeriodicRead();
  private Instant nextTimedEvaluation = Instant.MIN;
  private Instant nextEndpointCounts = Instant.MIN;
  /** Something the status shows changed since it was last built. */
  private boolean changed = true;
  /** Heights were processed since the state was last saved. */
  private boolean unsaved;
  /** The status without endpoints, alerts and health, as last built; the expensive part. */
  private ChainStatus built;
  private ChainStatus evaluated;
  private Instant lastCursorAdvance;
  private long refusedLowest;
  private String lastCatchUpFailure;
  private boolean cursorAheadReported;
  /** The chain's missed-block counters cover the votes of every height up to this one. */
  private long counterCoveredHeight;
  private boolean stakingFresh;
  private long newestSeen;
  private Instant lastAdvance;
  private boolean caughtUp;

  public ChainRunner(
      ChainSpec spec,
      PluginChoice pluginChoice,
      OkHttpClient http,
      WebSocketClient webSockets,
      ScheduledExecutorService timer,
      ExecutorService rounds,
      Clock clock,
      StateStore stateStore,
      List<WatcherListener> listeners,
      AlertSettings alerting,
      AlertStore alertStore) {
    this.spec = spec;
    this.pluginChoice = pluginChoice;
    this.detection = new PluginDetection(spec.chainId(), pluginChoice.candidates());
    this.http = http;
    this.timer = timer;
    this.rounds = rounds;
    this.clock = clock;
    this.stateStore = stateStore;
    this.health = new WatchHealth(spec.chainId());
    this.events = new ChainEvents(spec.chainId(), listeners);
    List<CometRpcClient> clients = new ArrayList<>();
    for (RpcEndpoint e : spec.endpoints()) {
      clients.add(new CometRpcClient(e, http, CometRpcClient.DEFAULT_MAX_BODY_BYTES, webSockets));
    }
    this.rpcClients = List.copyOf(clients);
    this.pool = new EndpointPool(spec.chainId(), rpcClients, this::endpointFailed, clock);
    this.tracker = new SigningTracker(DEFAULT_WINDOW, spec.soloMissThreshold());
    this.risk = new RiskCalculator(spec.risk());
    SecondOpinion secondOpinion = new SecondOpinion(spec.chainId(), pool, c -> plugin.open(context(List.of(c))));
    this.alerts = new AlertEvaluation(spec, alerting, alertStore, clock, events, pool, () -> tracker.lastHeight(), secondOpinion);
    this.lastAdvance = clock.instant();
    this.lastCursorAdvance = lastAdvance;
    this.tracked = new TrackedValidators(spec.chainId(), spec.validators(), spec.network(), events);
    pluginChoice.fixed().ifPresent(this::use);
    this.built = buildStatus();
    this.snapshot = assemble(built, currentEndpoints(), alerts.active(), ChainHealth.OK);
  }

  /**
   * Starts the rounds. The {@code slot}-th of {@code slots} chains starts that share of a tick late, so that
   * the chains' rounds take turns instead of each wanting a thread at the same moment.
   */
  public synchronized void start(int slot, int slots) {
    if (ticking != null || closed) {
      return;
    }
    long tick = TICK.toNanos();
    ticking = timer.scheduleWithFixedDelay(this::runSoon, tick * slot / slots, tick, TimeUnit.NANOSECONDS);
  }

  /** Hands a round to {@link #rounds} unless one is waiting there already. */
  private void runSoon() {
    if (closed || !roundQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      lastRound = rounds.submit(() -> {
        roundQueued.set(false);
        tick();
      });
    } catch (RejectedExecutionException e) {
      roundQueued.set(false); // shutting down
    }
  }

  /** The latest snapshot; cheap, never blocks on the chain's thread. A new object exactly when it changed. */
  public ChainStatus status() {
    return snapshot;
  }

  /**
   * Asks an endpoint other than the preferred one whether an alert's condition holds now, on the calling
   * thread while no round runs (rounds are skipped meanwhile). {@link Confirmation#UNANSWERED} when the chain
   * is busy for longer than {@code CONFIRM_WAIT}.
   */
  public Confirmation confirm(AlertKey key) {
    boolean locked = false;
    try {
      locked = tickLock.tryLock(CONFIRM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (!locked || closed) {
        return Confirmation.UNANSWERED;
      }
      return alerts.secondOpinion(key, snapshot, blocks instanceof CometBlockSource);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Confirmation.UNANSWERED;
    } finally {
      if (locked) {
        tickLock.unlock();
      }
    }
  }

  /** Stops ticking, closes the sources, and saves the cursor. */
  public void close() {
    synchronized (this) {
      closed = true;
      if (ticking != null) {
        ticking.cancel(false);
      }
      Future<?> round = lastRound;
      if (round != null) {
        round.cancel(true);
      }
    }
    boolean locked = false;
    try {
      locked = tickLock.tryLock(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (started && locked) {
        saveState();
      }
      if (blocks != null) {
        blocks.close();
      }
      if (dataSource != null) {
        dataSource.close();
      }
    } finally {
      if (locked) {
        tickLock.unlock();
      }
    }
  }

  /** A pushed block: a round runs at once rather than at the next tick. */
  private void wake() {
    woken.set(true);
    runAgainIfWoken();
  }

  private void runAgainIfWoken() {
    if (woken.get()) {
      runSoon();
    }
  }

  /**
   * One round of work. Never throws, whatever is thrown inside (an {@link Error} too: anything thrown out of
   * a scheduled task cancels it for good): the failure is logged, counted, shown in the status's health,
   * alerted on, and the round is retried with back-off.
   */
  void tick() {
    if (!tickLock.tryLock()) {
      return;
    }
    woken.set(false);
    try {
      Instant now = clock.instant();
      if (!health.mayRun(now)) {
        return;
      }
      try {
        round(now);
        if (health.roundSucceeded()) {
          refreshStatus(clock.instant());
        }
      } catch (Throwable e) {
        if (closed) {
          return;
        }
        health.roundFailed(e, now);
        publishAfterFailure(now);
      }
    } finally {
      tickLock.unlock();
    }
    runAgainIfWoken();
  }

  private void round(Instant now) {
    if (plugin == null) {
      if (now.isBefore(nextDetect)) {
        return;
      }
      nextDetect = now.plus(DETECT_RETRY);
      pool.checkAll();
      detection.detect(context(pool.clientsNotOnAnotherChain())).ifPresent(this::use);
      if (plugin == null) {
        refreshStatus(now);
        return;
      }
      changed = true;
    }
    // First the block source: it checks the endpoints, so staking data never comes from one on another chain.
    long lastProcessable = blocks.latestHeight();
    if (lastProcessable > newestSeen) {
      newestSeen = lastProcessable;
      lastAdvance = now;
      changed = true;
    }
    if (!now.isBefore(nextStakingRefresh)) {
      nextStakingRefresh = now.plus(spec.stakingRefreshInterval());
      if (stakingReads.worthMaking(newestSeen, cursor, now)) {
        if (refreshStaking(lastProcessable)) {
          stakingReads.made(newestSeen, cursor, now);
        }
        changed = true;
      }
    }
    if (!now.isBefore(nextGovernance)) {
      nextGovernance = now.plus(spec.governanceRefreshInterval());
      if (governanceReads.worthMaking(newestSeen, cursor, now)) {
        if (refreshGovernance()) {
          governanceReads.made(newestSeen, cursor, now);
        }
        changed = true;
      }
    }
    if (!started) {
      started = chooseStart(lastProcessable);
      changed |= started;
    }
    if (started) {
      catchUp(lastProcessable);
    }
    boolean nowCaughtUp = started && cursor >= lastProcessable && blocksProcessed > 0;
    changed |= nowCaughtUp != caughtUp;
    caughtUp = nowCaughtUp;
    refreshStatus(clock.instant());
  }

  /**
   * Rebuilds the status when something it shows changed, evaluates the alerts when the status or time calls
   * for it, and publishes the result. The alert rules read the status as built from the domain state; the
   * published snapshot adds the alerts they left firing.
   */
  private void refreshStatus(Instant now) {
    List<EndpointStatus> endpoints = currentEndpoints();
    ChainHealth chainHealth = chainHealth(now);
    boolean rebuilt = changed;
    if (changed) {
      built = buildStatus();
      changed = false;
    }
    boolean endpointsChanged = !sameEndpointState(endpoints, evaluated == null ? null : evaluated.endpoints());
    boolean republish = rebuilt || endpointsChanged || !chainHealth.equals(snapshot.health());
    if (republish || !now.isBefore(nextTimedEvaluation)) {
      evaluated = assemble(built, endpoints, snapshot.activeAlerts(), chainHealth);
      alerts.evaluate(
          evaluated,
          new AlertEvaluation.Round(
              tracked.all(), started, caughtUp, stakingFresh, newestSeen, lastAdvance,
              blocks instanceof CometBlockSource));
      Instant due = alerts.nextDue();
      Instant atLeast = now.plus(EVALUATION_AT_LEAST_EVERY);
      nextTimedEvaluation = max(now.plus(TIMED_EVALUATION_EVERY), due.isBefore(atLeast) ? due : atLeast);
      republish |= !alerts.active().equals(snapshot.activeAlerts());
    }
    republish |= !now.isBefore(nextEndpointCounts) && !endpoints.equals(snapshot.endpoints());
    if (republish) {
      snapshot = assemble(built, endpoints, alerts.active(), chainHealth);
      nextEndpointCounts = now.plus(ENDPOINT_COUNTS_EVERY);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** After a failed round: the status shows the failure and its alert fires, as far as that still works. */
  private void publishAfterFailure(Instant now) {
    try {
      changed = true;
      refreshStatus(now);
    } catch (Throwable e) {
      // The failure is already logged and counted; the health still reaches /readyz through a status copy.
      try {
        snapshot = assemble(snapshot, snapshot.endpoints(), snapshot.activeAlerts(), chainHealth(now));
      } catch (Throwable ignored) {
        // nothing more can be done until the retry
      }
    }
  }

  private List<EndpointStatus> currentEndpoints() {
    return blocks == null ? pool.status() : blocks.endpoints();
  }

  /** Whether two endpoint lists say the same about each endpoint's state, request counts aside. */
  private static boolean sameEndpointState(List<EndpointStatus> a, List<EndpointStatus> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      EndpointStatus x = a.get(i);
      EndpointStatus y = b.get(i);
      if (!x.endpoint().equals(y.endpoint()) || x.up() != y.up() || x.catchingUp() != y.catchingUp()
          || !Objects.equals(x.height(), y.height()) || !Objects.equals(x.lastError(), y.lastError())) {
        return false;
      }
    }
    return true;
  }

  private ChainHealth chainHealth(Instant now) {
    if (cursorAheadReported) {
      return health.status(false, "the cursor (height " + cursor + ") is ahead of the newest confirmed height "
          + newestSeen + "; waiting for the chain to reach it");
    }
    long behind = Math.max(0, newestSeen - cursor);
    boolean stuck = behind > 0 && Duration.between(lastCursorAdvance, now).compareTo(PROGRESS_LIMIT) >= 0;
    boolean waitingForStart = !started && Duration.between(lastCursorAdvance, now).compareTo(PROGRESS_LIMIT) >= 0;
    boolean progressing = !(started ? stuck : waitingForStart);
    String problem =
        progressing
            ? null
            : waitingForStart
                ? "processing has not started: no endpoint reported a height"
                : "no height processed for " + Duration.between(lastCursorAdvance, now).toSeconds() + " s while "
                    + behind + " height(s) wait";
    return health.status(progressing, problem);
  }

  /** Opens the chosen plugin's sources: its own block source, or CometBFT RPC. */
  private void use(ChainPlugin chosen) {
    PluginChoice.checkOptions(spec, chosen);
    this.plugin = chosen;
    this.dataSourceClients = rpcClients;
    ChainContext context = context(rpcClients);
    this.dataSource = chosen.open(context);
    this.blocks =
        chosen
            .openBlockSource(context)
            .orElseGet(() -> new CometBlockSource(spec, pool, clock, http.dispatcher().executorService(), this::wake));
  }

  private ChainContext context(List<CometRpcClient> clients) {
    List<RpcEndpoint> endpoints = clients.stream().map(CometRpcClient::endpoint).toList();
    return ChainContext.builder()
        .chainId(spec.chainId())
        .endpoints(endpoints)
        .rpcClients(clients)
        .httpClient(http)
        .clock(clock)
        .pollInterval(spec.pollInterval())
        .options(spec.pluginOptions())
        .maxInFlight(spec.maxInFlight())
        .build();
  }

  /**
   * Decides where processing starts: after the saved cursor, with the tracker as it was then, at the
   * configured height, or at the latest. Saved state that cannot be used is reported once and ignored.
   */
  private boolean chooseStart(long lastProcessable) {
    if (lastProcessable == 0) {
      return false;
    }
    StateStore.Saved saved = stateStore.load(spec.chainId());
    if (saved.problem() != null) {
      log.warn("chain {}: {}", spec.chainId(), saved.problem());
    }
    if (saved.cursor().isPresent()) {
      cursor = saved.cursor().getAsLong();
      restoreTracker(saved.trackerState());
      log.info("chain {}: resuming after height {}", spec.chainId(), cursor);
    } else if (spec.startHeight().isPresent()) {
      cursor = spec.startHeight().getAsLong() - 1;
      log.info("chain {}: starting at configured height {}", spec.chainId(), cursor + 1);
    } else {
      // The newest block is lastProcessable + 1; its height is processed as soon as the next block exists.
      cursor = lastProcessable;
      log.info("chain {}: first start, starting at the latest height {}", spec.chainId(), lastProcessable + 1);
    }
    lastCursorAdvance = clock.instant();
    return true;
  }

  /** Continues with the saved tracker when it belongs to the saved cursor; its totals start again at 0. */
  private void restoreTracker(TrackerState state) {
    if (state == null || state.lastHeight() == 0) {
      return;
    }
    if (state.lastHeight() != cursor) {
      log.warn("chain {}: saved signing state ends at height {}, not at the cursor {}; windows start empty",
          spec.chainId(), state.lastHeight(), cursor);
      return;
    }
    try {
      tracker = SigningTracker.restore(state, spec.soloMissThreshold());
    } catch (IllegalArgumentException e) {
      log.warn("chain {}: saved signing state not used ({}); windows start empty", spec.chainId(), e.getMessage());
      return;
    }
    // The window follows the chain's rule as read now, should it have changed while the watcher was down.
    resizeToLivenessRule();
  }

  private void resizeToLivenessRule() {
    if (staking != null) {
      staking.livenessRule().ifPresent(rule -> tracker.resizeWindow((int) Math.min(rule.windowBlocks(), MAX_WINDOW)));
    }
  }

  /** Processes every height up to {@code lastProcessable}, in order, each once. */
  private void catchUp(long lastProcessable) {
    if (cursorAhead(lastProcessable)) {
      return;
    }
    long backlog = lastProcessable - cursor;
    if (backlog > spec.backfillLimit()) {
      gap(cursor + 1, lastProcessable - spec.backfillLimit(),
          "more than the backfill limit of " + spec.backfillLimit() + " heights behind");
    }
    nextBatchEnd = clock.instant().plus(BATCH);
    while (!closed && cursor < lastProcessable && !Thread.currentThread().isInterrupted()) {
      long h = cursor + 1;
      try {
        process(blocks.votes(h));
        cursor = h;
        lastCatchUpFailure = null;
        unsaved = true;
        changed = true;
        lastCursorAdvance = clock.instant();
      } catch (HeightPrunedException e) {
        long lowest = e.lowestAvailableHeight();
        if (lowest <= h) {
          log.warn("chain {}: height {} unavailable: {}", spec.chainId(), h, e.getMessage());
          return;
        }
        if (lowest - 1 > lastProcessable) {
          if (lowest != refusedLowest) {
            refusedLowest = lowest;
            log.warn(
                "chain {}: an endpoint says height {} is pruned and the lowest it serves is {}, beyond the newest "
                    + "confirmed height {}; not believed, retrying",
                spec.chainId(), h, lowest, lastProcessable + 1);
          }
          return;
        }
        gap(h, lowest - 1, "pruned by every endpoint (lowest available height " + lowest + ")");
      } catch (IOException e) {
        // The same failure at every tick (endpoints backing off for an hour, say) is logged once.
        String failure = "height " + h + " not processed yet: " + e.getMessage();
        if (!failure.equals(lastCatchUpFailure)) {
          lastCatchUpFailure = failure;
          log.warn("chain {}: {}", spec.chainId(), failure);
        }
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(nextBatchEnd)) {
        endBatch(now);
      }
    }
    if (unsaved) {
      endBatch(clock.instant());
    }
  }

  /** Saves what the batch of heights just processed left, and shows it. */
  private void endBatch(Instant now) {
    saveState();
    refreshStatus(now);
    nextBatchEnd = now.plus(BATCH);
  }

  /** Cursor and tracker in one atomic write; a failure is counted and shown, and processing goes on. */
  private void saveState() {
    try {
      stateStore.save(spec.chainId(), cursor, tracker::state);
      unsaved = false;
      health.saved();
    } catch (RuntimeException e) {
      health.saveFailed(e);
    }
  }

  /**
   * Whether the cursor is ahead of the newest confirmed height, as after a run that believed a false height.
   * Up to {@code backfill_limit} heights ahead, the endpoints may only be behind the last run's: processing
   * waits for the chain to reach the cursor. Further ahead the cursor cannot be right: processing resumes at
   * the newest height, as on a first start, with empty windows.
   */
  private boolean cursorAhead(long lastProcessable) {
    long ahead = cursor - lastProcessable;
    if (ahead <= 0) {
      if (cursorAheadReported) {
        cursorAheadReported = false;
        changed = true;
        log.info("chain {}: the chain reached the cursor at height {}; processing resumes", spec.chainId(), cursor);
      }
      return false;
    }
    if (ahead > spec.backfillLimit()) {
      log.warn(
          "chain {}: the cursor (height {}) is {} heights ahead of the newest confirmed height {}, more than the "
              + "backfill limit: it came from a false height; resuming at the newest height",
          spec.chainId(), cursor, ahead, lastProcessable);
      cursor = lastProcessable;
      tracker = new SigningTracker(DEFAULT_WINDOW, spec.soloMissThreshold());
      resizeToLivenessRule();
      cursorAheadReported = false;
      changed = true;
      lastCursorAdvance = clock.instant();
      saveState();
      return false;
    }
    if (!cursorAheadReported) {
      cursorAheadReported = true;
      changed = true;
      log.warn(
          "chain {}: the cursor (height {}) is {} heights ahead of the newest confirmed height {}; waiting for the "
              + "chain to reach it",
          spec.chainId(), cursor, ahead, lastProcessable);
    }
    return true;
  }

  private void gap(long from, long to, String reason) {
    if (to < from) {
      return;
    }
    GapDetected event = new GapDetected(spec.chainId(), from, to, reason);
    log.warn(
        "chain {}: heights {} to {} ({} blocks) will not be processed: {}",
        spec.chainId(), from, to, event.blocks(), reason);
    gapBlocks += event.blocks();
    cursor = to;
    if (tracker.lastHeight() != 0) {
      tracker = trackerAfterGap(tracker.state(), to);
    }
    changed = true;
    lastCursorAdvance = clock.instant();
    saveState();
    events.emit(l -> l.onGapDetected(event));
  }

  /**
   * The tracker continued after unprocessed heights up to {@code to}: its totals and streaks go on, its windows
   * and block times start again, since what happened in the gap is not known.
   */
  private SigningTracker trackerAfterGap(TrackerState state, long to) {
    List<TrackerState.ValidatorState> validators = new ArrayList<>();
    for (TrackerState.ValidatorState v : state.validators()) {
      validators.add(new TrackerState.ValidatorState(
          v.address(), v.signedBlocks(), v.missedBlocks(), v.nilVotes(), v.proposedBlocks(), v.missedProposals(),
          v.soloMissedBlocks(), v.consecutiveMissedBlocks(), v.lastSeenHeight(), new long[0]));
    }
    int[] noProposers = new int[state.windowSize()];
    Arrays.fill(noProposers, -1);
    return SigningTracker.restore(
        new TrackerState(state.windowSize(), to, state.activeValidators(), state.signedPowerRatio(), List.of(),
            validators, noProposers),
        spec.soloMissThreshold());
  }

  private void process(HeightVotes votes) {
    List<SigningTracker.Miss> misses = tracker.record(votes);
    for (String offender : votes.doubleSigners()) {
      if (tracked.signsAs(offender)) {
        alerts.doubleSignSeen(offender, votes.height());
      }
    }
    if (votes.missedProposer() != null) {
      for (TrackedValidator t : tracked.signingAs(votes.missedProposer())) {
        alerts.proposalMissed(t, votes.height());
      }
    }
    if (tracked.newcomerIn(votes.votes())) {
      // Network mode: a validator joined the set; the next tick reads the staking data to name it.
      nextStakingRefresh = Instant.MIN;
      stakingReads.forget();
    }
    blocksProcessed++;
    BlockProcessed processed =
        new BlockProcessed(spec.chainId(), votes.height(), votes.time(), votes.proposerAddress(), tracker.signedPowerRatio());
    events.emit(l -> l.onBlockProcessed(processed));
    for (SigningTracker.Miss miss : misses) {
      for (TrackedValidator t : tracked.signingAs(miss.address())) {
        MissedBlock event =
            new MissedBlock(
                spec.chainId(), votes.height(), t.identity(), miss.address(), miss.solo(),
                miss.consecutiveMissedBlocks());
        events.emit(l -> l.onMissedBlock(event));
      }
    }
  }

  /**
   * @param lastProcessable the newest height the block source reported: when the plugin cannot say at
   *     which height it read, the chain's counters are taken to cover this height at least
   * @return whether the staking data was read
   */
  private boolean refreshStaking(long lastProcessable) {
    if (blocks instanceof CometBlockSource comet && !reopenWithoutForeignEndpoints(comet)) {
      tracked.resolve(staking, tracker.activeAddresses(), alerts);
      return false;
    }
    boolean read = false;
    try {
      ChainData data = dataSource.fetch();
      staking = new StakingView(data);
      // State read at height S has counted the votes of heights up to S - 1 (block S carries them).
      counterCoveredHeight = data.height() > 0 ? data.height() - 1 : lastProcessable;
      stakingFresh = true;
      read = true;
      resizeToLivenessRule();
    } catch (IOException | RuntimeException e) {
      log.warn("chain {}: staking data not refreshed, keeping the last: {}", spec.chainId(), e.getMessage());
      suggestOtherPlugins();
    }
    tracked.resolve(staking, tracker.activeAddresses(), alerts);
    return read;
  }

  /** Reads proposals in their voting period and the upgrade plan; keeps the last on failure and returns false. */
  private boolean refreshGovernance() {
    Set<String> operators = tracked.operatorAddresses();
    try {
      alerts.governanceRead(dataSource.governance(operators));
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("chain {}: governance data not refreshed, keeping the last: {}", spec.chainId(), e.getMessage());
      return false;
    }
  }

  /** When a periodic read of the chain's state is worth making again (see {@link #UNCHANGED_CHAIN_REREAD}). */
  private static final class PeriodicRead {
    private long newestSeen = -1;
    private long cursor = -1;
    private Instant at = Instant.MIN;

    boolean worthMaking(long newestSeenNow, long cursorNow, Instant now) {
      return newestSeenNow != newestSeen || cursorNow != cursor || !now.isBefore(at.plus(UNCHANGED_CHAIN_REREAD));
    }

    void made(long newestSeenThen, long cursorThen, Instant now) {
      newestSeen = newestSeenThen;
      cursor = cursorThen;
      at = now;
    }

    void forget() {
      newestSeen = -1;
    }
  }

  /**
   * An endpoint on another chain answers staking queries with that chain's validators: the data source is
   * reopened without it. Returns false when no endpoint is left.
   */
  private boolean reopenWithoutForeignEndpoints(CometBlockSource comet) {
    List<CometRpcClient> onChain = comet.clientsOnChain();
    if (onChain.isEmpty()) {
      log.warn("chain {}: every endpoint is on another chain; staking data not refreshed", spec.chainId());
      return false;
    }
    if (!onChain.equals(dataSourceClients)) {
      dataSource.close();
      dataSourceClients = onChain;
      dataSource = plugin.open(context(onChain));
    }
    return true;
  }

  /** After the configured plugin first fails, names the installed plugins that do recognise the chain. */
  private void suggestOtherPlugins() {
    if (suggestedOtherPlugins || pluginChoice.fixed().isEmpty()) {
      return;
    }
    suggestedOtherPlugins = true;
    detection.suggestOthers(plugin, context(dataSourceClients));
  }

  private void endpointFailed(String endpoint, String message) {
    EndpointError event = new EndpointError(spec.chainId(), endpoint, message);
    events.emit(l -> l.onEndpointError(event));
  }

  private ChainStatus buildStatus() {
    List<ValidatorStatus> validators = new ArrayList<>();
    for (TrackedValidator t : tracked.all()) {
      String hex = tracked.addressOf(t);
      StakingStatus stakingStatus = tracked.stakingStatusOf(t);
      validators.add(
          ValidatorStatus.builder()
              .identity(t.identity())
              .label(t.label())
              .consensusAddressHex(hex)
              .signing(hex == null ? SigningStats.EMPTY : tracker.stats(hex))
              .staking(stakingStatus)
              .risk(riskOf(hex, stakingStatus))
              .recentBlocks(hex == null ? RecentBlocks.NONE : tracker.recentBlocks(hex, RECENT_BLOCKS))
              .build());
    }
    ChainData data = staking == null ? ChainData.blocksOnly() : staking.data();
    Duration interval = tracker.meanBlockInterval().orElse(null);
    return ChainStatus.builder()
        .chainId(spec.chainId())
        .pluginId(plugin == null ? null : plugin.id())
        .latestHeight(tracker.lastHeight() == 0 ? null : tracker.lastHeight())
        .blocksProcessed(blocksProcessed)
        .gapBlocks(gapBlocks)
        .activeValidators(tracker.lastHeight() == 0 ? null : tracker.activeValidators())
        .blockIntervalSeconds(interval == null ? null : interval.toNanos() / 1e9)
        .signedPowerRatio(Double.isNaN(tracker.signedPowerRatio()) ? null : tracker.signedPowerRatio())
        .activeValidatorUptimeRatios(tracker.uptimeOfActiveValidators().stream().filter(u -> !u.isNaN()).toList())
        .seatPriceTokens(staking == null ? null : staking.seatPrice())
        .maxValidators(data.stakingParams().map(StakingParams::maxValidators).orElse(null))
        .slashingParams(data.slashingParams().orElse(null))
        .livenessRule(data.livenessRule().orElse(null))
        .validators(validators)
        .endpoints(List.of())
        .activeAlerts(List.of())
        .governance(alerts.governance())
        .health(ChainHealth.OK)
        .displayUnit(spec.displayUnit().or(() -> data.stakingParams().map(StakingParams::displayUnit)).orElse(null))
        .build();
  }

  /** {@code base} with the parts that change without a rebuild. */
  private static ChainStatus assemble(
      ChainStatus base, List<EndpointStatus> endpoints, List<Alert> active, ChainHealth chainHealth) {
    return base.toBuilder().endpoints(endpoints).activeAlerts(active).health(chainHealth).build();
  }

  /**
   * A validator's risk: the chain's counter plus the misses the watcher saw at heights the counter does not
   * cover yet (the staking refresh is periodic, blocks are not).
   */
  private RiskStatus riskOf(String hex, StakingStatus stakingStatus) {
    if (hex == null) {
      return RiskStatus.UNKNOWN;
    }
    OptionalLong chainCounter =
        stakingStatus == null ? OptionalLong.empty() : stakingStatus.chainMissedBlocksCounter();
    Long counter = chainCounter.isPresent() ? chainCounter.getAsLong() : null;
    SigningTracker.RecentSigning recent = tracker.recent(hex, spec.risk().rateWindowBlocks());
    return risk.assess(
        new RiskInputs(
            staking == null ? null : staking.livenessRule().orElse(null),
            counter,
            counter == null ? 0 : tracker.missedAfter(hex, counterCoveredHeight),
            tracker.stats(hex).windowMissedBlocks(),
            recent.missed(),
            recent.inSet(),
            tracker.meanBlockInterval().orElse(null),
            stakingStatus != null && stakingStatus.jailed(),
            stakingStatus != null && stakingStatus.tombstoned().orElse(false)));
  }
}
