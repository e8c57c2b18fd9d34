package io.valwatch.internal;

import io.valwatch.ChainSpec;
import io.valwatch.ChainStatus;
import io.valwatch.StakingStatus;
import io.valwatch.TrackedValidator;
import io.valwatch.ValidatorStatus;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.EndpointError;
import io.valwatch.event.GapDetected;
import io.valwatch.event.MissedBlock;
import io.valwatch.event.WatcherListener;
import io.valwatch.internal.risk.AlertStore;
import io.valwatch.internal.risk.RiskCalculator;
import io.valwatch.internal.risk.RiskInputs;
import io.valwatch.risk.AlertSettings;
import io.valwatch.risk.RiskStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.HeightUnavailableException;
import io.valwatch.spi.StakingParams;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import io.valwatch.tracker.SigningTracker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one chain: processes heights strictly in order from a persisted cursor, each exactly once, and
 * keeps the chain's staking data fresh. Heights come from a {@link BlockSource}: the plugin's own, or
 * CometBFT RPC. All work runs in {@link #tick()}, which the scheduler calls repeatedly and never
 * concurrently. The chain's plugin is given, or detected from the chain's answers at the first tick.
 */
public final class ChainRunner {
  private static final Logger log = LoggerFactory.getLogger(ChainRunner.class);
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(1);
  /** Heights of each validator's block grid in the published status. */
  private static final int RECENT_BLOCKS = 300;
  private static final Duration CURSOR_SAVE_EVERY = Duration.ofSeconds(1);
  private static final Duration DETECT_RETRY = Duration.ofSeconds(30);
  private static final int DEFAULT_WINDOW = 100;
  private static final int MAX_WINDOW = 1_000_000;

  private final ChainSpec spec;
  private final PluginChoice pluginChoice;
  private final PluginDetection detection;
  private final OkHttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final CursorStore cursors;
  private final ChainEvents events;
  private final List<CometRpcClient> rpcClients;
  private final EndpointPool pool;
  private final SigningTracker tracker;
  private final TrackedValidators tracked;
  private final ReentrantLock tickLock = new ReentrantLock();
  private final RiskCalculator risk;
  private final AlertEvaluation alerts;

  private volatile boolean running;
  private volatile ChainStatus snapshot;
  private ScheduledFuture<?> ticking;

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
  private Instant nextSnapshot = Instant.MIN;
  private Instant nextCursorSave = Instant.MIN;
  private Instant nextGovernance = Instant.MIN;
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
      ScheduledExecutorService scheduler,
      Clock clock,
      CursorStore cursors,
      List<WatcherListener> listeners,
      AlertSettings alerting,
      AlertStore alertStore) {
    this.spec = spec;
    this.pluginChoice = pluginChoice;
    this.detection = new PluginDetection(spec.chainId(), pluginChoice.candidates());
    this.http = http;
    this.scheduler = scheduler;
    this.clock = clock;
    this.cursors = cursors;
    this.events = new ChainEvents(spec.chainId(), listeners);
    List<CometRpcClient> clients = new ArrayList<>();
    for (RpcEndpoint e : spec.endpoints()) {
      clients.add(new CometRpcClient(e, http));
    }
    this.rpcClients = List.copyOf(clients);
    this.pool = new EndpointPool(spec.chainId(), rpcClients, this::endpointFailed);
    this.tracker = new SigningTracker(DEFAULT_WINDOW, spec.soloMissThreshold());
    this.risk = new RiskCalculator(spec.risk());
    SecondOpinion secondOpinion = new SecondOpinion(spec.chainId(), pool, c -> plugin.open(context(List.of(c))));
    this.alerts = new AlertEvaluation(spec, alerting, alertStore, clock, events, pool, tracker, secondOpinion);
    this.lastAdvance = clock.instant();
    this.tracked = new TrackedValidators(spec.chainId(), spec.validators(), events);
    pluginChoice.fixed().ifPresent(this::use);
    this.snapshot = buildStatus();
  }

  /** Starts ticking on the scheduler. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The latest snapshot; cheap, never blocks on the chain's thread. */
  public ChainStatus status() {
    return snapshot;
  }

  /** Stops ticking, closes the sources, and saves the cursor. */
  public void close() {
    synchronized (this) {
      running = false;
      if (ticking != null) {
        ticking.cancel(true);
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
        cursors.save(spec.chainId(), cursor);
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

  /** One round of work. Never throws: every failure is logged and retried at the next tick. */
  void tick() {
    if (!tickLock.tryLock()) {
      return;
    }
    try {
      Instant now = clock.instant();
      if (plugin == null) {
        if (now.isBefore(nextDetect)) {
          return;
        }
        nextDetect = now.plus(DETECT_RETRY);
        pool.checkAll();
        detection.detect(context(pool.clientsNotOnAnotherChain())).ifPresent(this::use);
        if (plugin == null) {
          publishSnapshot();
          return;
        }
      }
      // First the block source: it checks the endpoints, so staking data never comes from one on another chain.
      long lastProcessable = blocks.latestHeight();
      if (lastProcessable > newestSeen) {
        newestSeen = lastProcessable;
        lastAdvance = now;
      }
      if (!now.isBefore(nextStakingRefresh)) {
        refreshStaking(lastProcessable);
        nextStakingRefresh = now.plus(spec.stakingRefreshInterval());
      }
      if (!now.isBefore(nextGovernance)) {
        refreshGovernance();
        nextGovernance = now.plus(spec.governanceRefreshInterval());
      }
      if (!started) {
        started = chooseStart(lastProcessable);
      }
      if (started) {
        catchUp(lastProcessable);
      }
      caughtUp = started && cursor >= lastProcessable && blocksProcessed > 0;
      alerts.evaluate(
          buildStatus(),
          new AlertEvaluation.Round(
              tracked.all(), started, caughtUp, stakingFresh, newestSeen, lastAdvance,
              blocks instanceof CometBlockSource));
      publishSnapshot();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // Anything thrown out of a scheduled task would silently cancel it: log and carry on.
      log.error("chain {}: unexpected failure; retrying at the next tick", spec.chainId(), e);
    } finally {
      tickLock.unlock();
    }
  }

  /** Opens the chosen plugin's sources: its own block source, or CometBFT RPC. */
  private void use(ChainPlugin chosen) {
    PluginChoice.checkOptions(spec, chosen);
    this.plugin = chosen;
    this.dataSourceClients = rpcClients;
    ChainContext context = context(rpcClients);
    this.dataSource = chosen.open(context);
    this.blocks = chosen.openBlockSource(context).orElseGet(() -> new CometBlockSource(spec, pool, clock));
  }

  private ChainContext context(List<CometRpcClient> clients) {
    List<RpcEndpoint> endpoints = clients.stream().map(CometRpcClient::endpoint).toList();
    return new ChainContext(spec.chainId(), endpoints, clients, http, clock, spec.pollInterval(), spec.pluginOptions());
  }

  /** Decides where processing starts: after the saved cursor, at the configured height, or at the latest. */
  private boolean chooseStart(long lastProcessable) {
    if (lastProcessable == 0) {
      return false;
    }
    OptionalLong saved = cursors.load(spec.chainId());
    if (saved.isPresent()) {
      cursor = saved.getAsLong();
      log.info("chain {}: resuming after height {}", spec.chainId(), cursor);
    } else if (spec.startHeight().isPresent()) {
      cursor = spec.startHeight().getAsLong() - 1;
      log.info("chain {}: starting at configured height {}", spec.chainId(), cursor + 1);
    } else {
      // The newest block is lastProcessable + 1; its height is processed as soon as the next block exists.
      cursor = lastProcessable;
      log.info("chain {}: first start, starting at the latest height {}", spec.chainId(), lastProcessable + 1);
    }
    return true;
  }

  /** Processes every height up to {@code lastProcessable}, in order, each once. */
  private void catchUp(long lastProcessable) {
    long backlog = lastProcessable - cursor;
    if (backlog > spec.backfillLimit()) {
      gap(cursor + 1, lastProcessable - spec.backfillLimit(),
          "more than the backfill limit of " + spec.backfillLimit() + " heights behind");
    }
    while (running && cursor < lastProcessable && !Thread.currentThread().isInterrupted()) {
      long h = cursor + 1;
      try {
        process(blocks.votes(h));
        cursor = h;
      } catch (HeightUnavailableException e) {
        long lowest = e.lowestAvailableHeight();
        if (lowest <= h) {
          log.warn("chain {}: height {} unavailable: {}", spec.chainId(), h, e.getMessage());
          return;
        }
        gap(h, lowest - 1, "pruned by every endpoint (lowest available height " + lowest + ")");
      } catch (IOException e) {
        log.warn("chain {}: height {} not processed yet: {}", spec.chainId(), h, e.getMessage());
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(nextCursorSave)) {
        cursors.save(spec.chainId(), cursor);
        nextCursorSave = now.plus(CURSOR_SAVE_EVERY);
      }
      if (!now.isBefore(nextSnapshot)) {
        publishSnapshot();
      }
    }
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
    cursors.save(spec.chainId(), cursor);
    events.emit(l -> l.onGapDetected(event));
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
   */
  private void refreshStaking(long lastProcessable) {
    if (blocks instanceof CometBlockSource comet && !reopenWithoutForeignEndpoints(comet)) {
      tracked.resolve(staking, alerts);
      return;
    }
    try {
      ChainData data = dataSource.fetch();
      staking = new StakingView(data);
      // State read at height S has counted the votes of heights up to S - 1 (block S carries them).
      counterCoveredHeight = data.height() > 0 ? data.height() - 1 : lastProcessable;
      stakingFresh = true;
      staking.livenessRule().ifPresent(rule -> tracker.resizeWindow((int) Math.min(rule.windowBlocks(), MAX_WINDOW)));
    } catch (IOException | RuntimeException e) {
      log.warn("chain {}: staking data not refreshed, keeping the last: {}", spec.chainId(), e.getMessage());
      suggestOtherPlugins();
    }
    tracked.resolve(staking, alerts);
  }

  /** Reads proposals in their voting period and the upgrade plan; keeps the last on failure. */
  private void refreshGovernance() {
    Set<String> operators = tracked.operatorAddresses();
    try {
      alerts.governanceRead(dataSource.governance(operators));
    } catch (IOException | RuntimeException e) {
      log.warn("chain {}: governance data not refreshed, keeping the last: {}", spec.chainId(), e.getMessage());
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

  private void publishSnapshot() {
    snapshot = buildStatus();
    nextSnapshot = clock.instant().plus(SNAPSHOT_EVERY);
  }

  private ChainStatus buildStatus() {
    List<ValidatorStatus> validators = new ArrayList<>();
    for (TrackedValidator t : tracked.all()) {
      String hex = tracked.addressOf(t);
      StakingStatus stakingStatus = tracked.stakingStatusOf(t);
      validators.add(
          new ValidatorStatus(
              t.identity(),
              t.label(),
              hex,
              hex == null ? SigningStats.EMPTY : tracker.stats(hex),
              stakingStatus,
              riskOf(hex, stakingStatus),
              hex == null ? RecentBlocks.NONE : tracker.recentBlocks(hex, RECENT_BLOCKS)));
    }
    ChainData data = staking == null ? ChainData.blocksOnly() : staking.data();
    Duration interval = tracker.meanBlockInterval().orElse(null);
    return new ChainStatus(
        spec.chainId(),
        plugin == null ? null : plugin.id(),
        tracker.lastHeight() == 0 ? null : tracker.lastHeight(),
        blocksProcessed,
        gapBlocks,
        tracker.lastHeight() == 0 ? null : tracker.activeValidators(),
        interval == null ? null : interval.toNanos() / 1e9,
        Double.isNaN(tracker.signedPowerRatio()) ? null : tracker.signedPowerRatio(),
        tracker.uptimeOfActiveValidators().stream().filter(u -> !u.isNaN()).toList(),
        staking == null ? null : staking.seatPrice(),
        data.stakingParams().map(StakingParams::maxValidators).orElse(null),
        data.slashingParams().orElse(null),
        data.livenessRule().orElse(null),
        validators,
        blocks == null ? pool.status() : blocks.endpoints(),
        alerts.active(),
        alerts.governance());
  }

  /**
   * A validator's risk: the chain's counter plus the misses the watcher saw at heights the counter does not
   * cover yet (the staking refresh is periodic, blocks are not).
   */
  private RiskStatus riskOf(String hex, StakingStatus stakingStatus) {
    if (hex == null) {
      return RiskStatus.UNKNOWN;
    }
    Long counter = stakingStatus == null ? null : stakingStatus.chainMissedBlocksCounter();
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
            stakingStatus != null && Boolean.TRUE.equals(stakingStatus.tombstoned())));
  }
}
