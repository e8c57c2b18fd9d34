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
import io.valwatch.event.ValidatorStatusChanged;
import io.valwatch.event.WatcherListener;
import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.rpc.Block;
import io.valwatch.rpc.BlockSubscription;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.HeightNotAvailableException;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.LivenessRule;
import io.valwatch.spi.StakingParams;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.SigningStats;
import io.valwatch.tracker.SigningTracker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one chain: processes heights strictly in order from a persisted cursor, each exactly once, and
 * keeps the chain's staking data fresh. All work runs in {@link #tick()}, which the scheduler calls
 * repeatedly and never concurrently.
 *
 * <p>Request economy: a height costs at most one {@code /block} request (none when the websocket delivered
 * the block), the validator set is fetched only when {@code validators_hash} changes, and staking data comes
 * from the plugin's bulk queries on a refresh interval.
 */
public final class ChainRunner {
  private static final Logger log = LoggerFactory.getLogger(ChainRunner.class);
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(1);
  private static final Duration CURSOR_SAVE_EVERY = Duration.ofSeconds(1);
  private static final Duration SUBSCRIBE_RETRY_MIN = Duration.ofSeconds(5);
  private static final Duration SUBSCRIBE_RETRY_MAX = Duration.ofMinutes(2);
  private static final int RECEIVED_BLOCKS_KEPT = 1_000;
  private static final int DEFAULT_WINDOW = 100;

  private final ChainSpec spec;
  private final String pluginId;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final CursorStore cursors;
  private final List<WatcherListener> listeners;
  private final EndpointPool pool;
  private final ChainPlugin plugin;
  private final OkHttpClient http;
  /** Opened with every endpoint, and again without those that turn out to be on another chain. */
  private volatile ChainDataSource dataSource;
  private List<CometRpcClient> dataSourceClients;
  private final SigningTracker tracker;
  private final Map<TrackedValidator, ValidatorIdentity> identities = new LinkedHashMap<>();
  private final ReentrantLock tickLock = new ReentrantLock();
  private final ConcurrentSkipListMap<Long, Block> received = new ConcurrentSkipListMap<>();

  private volatile boolean running;
  private volatile ChainStatus snapshot;
  private volatile long latestKnownHeight;
  private ScheduledFuture<?> ticking;

  private boolean started;
  private long cursor;
  private Block pendingBlock;
  private ValidatorSet cachedSet;
  private String cachedSetHash;
  private long blocksProcessed;
  private long gapBlocks;
  private StakingView staking;
  private final Map<TrackedValidator, StakingStatus> lastStakingStatus = new HashMap<>();
  private final Map<TrackedValidator, String> resolvedAddress = new HashMap<>();
  private Instant nextEndpointCheck = Instant.MIN;
  private Instant nextStakingRefresh = Instant.MIN;
  private Instant nextPoll = Instant.MIN;
  private Instant nextSnapshot = Instant.MIN;
  private Instant nextCursorSave = Instant.MIN;
  private Instant nextSubscribe = Instant.MIN;
  private volatile Duration subscribeBackoff = SUBSCRIBE_RETRY_MIN;
  private volatile BlockSubscription subscription;
  private volatile Instant lastWebsocketBlock;

  public ChainRunner(
      ChainSpec spec,
      ChainPlugin plugin,
      OkHttpClient http,
      ScheduledExecutorService scheduler,
      Clock clock,
      CursorStore cursors,
      List<WatcherListener> listeners) {
    this.spec = spec;
    this.pluginId = plugin.id();
    this.scheduler = scheduler;
    this.clock = clock;
    this.cursors = cursors;
    this.listeners = List.copyOf(listeners);
    List<CometRpcClient> clients = new ArrayList<>();
    for (RpcEndpoint e : spec.endpoints()) {
      clients.add(new CometRpcClient(e, http));
    }
    this.pool = new EndpointPool(spec.chainId(), clients, this::endpointFailed);
    this.plugin = plugin;
    this.http = http;
    this.dataSourceClients = List.copyOf(clients);
    this.dataSource = openDataSource(dataSourceClients);
    this.tracker = new SigningTracker(DEFAULT_WINDOW, spec.soloMissThreshold());
    for (TrackedValidator t : spec.validators()) {
      try {
        identities.put(t, ValidatorIdentity.parse(t.identity()));
      } catch (IllegalArgumentException e) {
        log.error("chain {}: validator '{}' is skipped: {}", spec.chainId(), t.identity(), e.getMessage());
      }
    }
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

  /** Stops ticking, closes the subscription and the plugin, and saves the cursor. */
  public void close() {
    synchronized (this) {
      running = false;
      if (ticking != null) {
        ticking.cancel(true);
      }
    }
    BlockSubscription sub = subscription;
    if (sub != null) {
      sub.close();
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
      dataSource.close();
    } finally {
      if (locked) {
        tickLock.unlock();
      }
    }
  }

  /** One round of work. Never throws: every failure is logged, counted, and retried at the next tick. */
  void tick() {
    if (!tickLock.tryLock()) {
      return;
    }
    try {
      Instant now = clock.instant();
      if (!now.isBefore(nextEndpointCheck)) {
        pool.checkAll();
        latestKnownHeight = Math.max(latestKnownHeight, pool.highestHeight());
        nextEndpointCheck = now.plus(spec.endpointCheckInterval());
      }
      if (!now.isBefore(nextStakingRefresh)) {
        refreshStaking();
        nextStakingRefresh = now.plus(spec.stakingRefreshInterval());
      }
      if (spec.websocket()) {
        ensureSubscribed(now);
      }
      if (!websocketDelivering(now) && !now.isBefore(nextPoll)) {
        poll();
        nextPoll = now.plus(spec.pollInterval());
      }
      if (!started) {
        started = chooseStart();
      }
      if (started) {
        catchUp();
      }
      publishSnapshot();
    } catch (RuntimeException e) {
      log.error("chain {}: unexpected failure; retrying at the next tick", spec.chainId(), e);
    } finally {
      tickLock.unlock();
    }
  }

  /**
   * Whether the subscription delivered a block within the last poll interval. A subscription that is open
   * but silent (not confirmed yet, or stalled without closing) does not stop polling.
   */
  private boolean websocketDelivering(Instant now) {
    Instant last = lastWebsocketBlock;
    return subscription != null && last != null && !now.isAfter(last.plus(spec.pollInterval()));
  }

  private void poll() {
    try {
      long height = pool.call(c -> {
        long h = c.status().latestBlockHeight();
        pool.sawHeight(c, h);
        return h;
      });
      latestKnownHeight = Math.max(latestKnownHeight, height);
    } catch (RpcException e) {
      log.warn("chain {}: no endpoint answered /status: {}", spec.chainId(), e.getMessage());
    }
  }

  /** Decides where processing starts: after the saved cursor, at the configured height, or at the latest. */
  private boolean chooseStart() {
    long latest = latestKnownHeight;
    if (latest == 0) {
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
      cursor = latest - 1;
      log.info("chain {}: first start, starting at the latest height {}", spec.chainId(), latest);
    }
    return true;
  }

  /** Processes every height whose commit is known: up to one below the newest block. */
  private void catchUp() {
    long newest = Math.max(latestKnownHeight, received.isEmpty() ? 0 : received.lastKey());
    long lastProcessable = newest - 1;
    long backlog = lastProcessable - cursor;
    if (backlog > spec.backfillLimit()) {
      long skipTo = lastProcessable - spec.backfillLimit();
      gap(cursor + 1, skipTo, "more than the backfill limit of " + spec.backfillLimit() + " heights behind");
    }
    while (running && cursor < lastProcessable && !Thread.currentThread().isInterrupted()) {
      long h = cursor + 1;
      try {
        Block block = pendingBlock != null && pendingBlock.height() == h ? pendingBlock : fetchBlock(h);
        Block next = fetchBlock(h + 1);
        process(block, next);
        pendingBlock = next;
        cursor = h;
        received.headMap(h, true).clear();
      } catch (HeightNotAvailableException e) {
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
    log.warn("chain {}: heights {} to {} ({} blocks) will not be processed: {}", spec.chainId(), from, to, event.blocks(), reason);
    gapBlocks += event.blocks();
    cursor = to;
    pendingBlock = null;
    cursors.save(spec.chainId(), cursor);
    emit(l -> l.onGapDetected(event));
  }

  private Block fetchBlock(long height) throws RpcException {
    Block b = received.get(height);
    if (b != null) {
      return b;
    }
    return pool.call(c -> c.block(height));
  }

  private void process(Block block, Block next) throws IOException {
    long h = block.height();
    if (next.lastCommit() == null) {
      throw new InconsistentChainDataException(spec.chainId(), h, "block " + next.height() + " carries no commit");
    }
    ValidatorSet set = validatorSet(h, block.header().validatorsHash());
    HeightVotes votes = CommitAttribution.attribute(spec.chainId(), block.header(), set, next.lastCommit());
    List<SigningTracker.Miss> misses = tracker.record(votes);
    blocksProcessed++;
    BlockProcessed processed =
        new BlockProcessed(
            spec.chainId(), h, block.header().time(), block.header().proposerAddress(), tracker.signedPowerRatio());
    emit(l -> l.onBlockProcessed(processed));
    for (SigningTracker.Miss miss : misses) {
      for (Map.Entry<TrackedValidator, String> e : resolvedAddress.entrySet()) {
        if (miss.address().equals(e.getValue())) {
          MissedBlock event =
              new MissedBlock(spec.chainId(), h, e.getKey().identity(), miss.address(), miss.solo(), miss.consecutiveMissedBlocks());
          emit(l -> l.onMissedBlock(event));
        }
      }
    }
  }

  private ValidatorSet validatorSet(long height, String hash) throws RpcException {
    if (cachedSet == null || !Objects.equals(hash, cachedSetHash)) {
      cachedSet = pool.call(c -> c.validators(height));
      cachedSetHash = hash;
    } else if (cachedSet.height() != height) {
      cachedSet = new ValidatorSet(height, cachedSet.validators());
    }
    return cachedSet;
  }

  private ChainDataSource openDataSource(List<CometRpcClient> clients) {
    List<RpcEndpoint> endpoints = clients.stream().map(CometRpcClient::endpoint).toList();
    return plugin.open(
        new ChainContext(spec.chainId(), endpoints, clients, http, clock, spec.pollInterval(), spec.pluginOptions()));
  }

  private void refreshStaking() {
    // An endpoint on another chain answers staking queries with that chain's validators: keep it out.
    List<CometRpcClient> onChain = pool.clientsNotOnAnotherChain();
    if (onChain.isEmpty()) {
      log.warn("chain {}: every endpoint is on another chain; staking data not refreshed", spec.chainId());
      resolveTracked();
      return;
    }
    if (!onChain.equals(dataSourceClients)) {
      dataSource.close();
      dataSourceClients = onChain;
      dataSource = openDataSource(onChain);
    }
    try {
      staking = new StakingView(dataSource.fetch());
      staking.livenessRule().ifPresent(rule -> tracker.resizeWindow(windowFor(rule)));
    } catch (IOException | RuntimeException e) {
      log.warn("chain {}: staking data not refreshed, keeping the last: {}", spec.chainId(), e.getMessage());
    }
    resolveTracked();
  }

  /**
   * Finds each tracked validator's consensus address (again: keys rotate) and compares what the chain says
   * about it with the last refresh. Without staking data, identities that carry their own consensus address
   * still resolve.
   */
  private void resolveTracked() {
    for (Map.Entry<TrackedValidator, ValidatorIdentity> e : identities.entrySet()) {
      TrackedValidator t = e.getKey();
      ValidatorIdentity id = e.getValue();
      String hex = (staking != null ? staking.consensusAddressHex(id) : id.consensusAddressHex()).orElse(null);
      String before = resolvedAddress.get(t);
      if (hex == null) {
        if (before == null) {
          log.warn("chain {}: validator '{}' is not known to the staking module yet", spec.chainId(), t.identity());
        }
        continue;
      }
      if (!hex.equals(before)) {
        log.info("chain {}: validator '{}' signs as {}", spec.chainId(), t.identity(), hex);
        resolvedAddress.put(t, hex);
      }
      StakingStatus current = staking == null ? null : staking.statusOf(id, hex);
      StakingStatus previous = lastStakingStatus.put(t, current);
      if (current != null && changed(previous, current)) {
        ValidatorStatusChanged event = new ValidatorStatusChanged(spec.chainId(), t.identity(), previous, current);
        emit(l -> l.onValidatorStatusChanged(event));
      }
    }
  }

  /** The window is bounded so that one misconfigured chain cannot take the heap. */
  private static int windowFor(LivenessRule rule) {
    return (int) Math.min(rule.windowBlocks(), 1_000_000);
  }

  private static boolean changed(StakingStatus a, StakingStatus b) {
    return a == null
        || a.bondStatus() != b.bondStatus()
        || a.jailed() != b.jailed()
        || !Objects.equals(a.tombstoned(), b.tombstoned())
        || !Objects.equals(a.rank(), b.rank())
        || !Objects.equals(a.commissionRate(), b.commissionRate());
  }

  private void ensureSubscribed(Instant now) {
    if (subscription != null || now.isBefore(nextSubscribe)) {
      return;
    }
    CometRpcClient client = pool.preferred();
    if (client == null) {
      return;
    }
    nextSubscribe = now.plus(subscribeBackoff);
    subscribeBackoff = min(subscribeBackoff.multipliedBy(2), SUBSCRIBE_RETRY_MAX);
    try {
      subscription =
          client.subscribeNewBlocks(
              new BlockSubscription.Listener() {
                @Override
                public void onBlock(Block block) {
                  received.put(block.height(), block);
                  while (received.size() > RECEIVED_BLOCKS_KEPT) {
                    received.pollFirstEntry();
                  }
                  latestKnownHeight = Math.max(latestKnownHeight, block.height());
                  lastWebsocketBlock = clock.instant();
                  subscribeBackoff = SUBSCRIBE_RETRY_MIN;
                }

                @Override
                public void onClosed(RpcException cause) {
                  subscription = null;
                  if (cause != null && running) {
                    log.warn("chain {}: block subscription lost, polling instead: {}", spec.chainId(), cause.getMessage());
                    endpointFailed(client.endpoint().redacted(), cause.getMessage());
                  }
                }
              });
    } catch (RuntimeException e) {
      log.warn("chain {}: cannot subscribe to new blocks, polling instead: {}", spec.chainId(), e.getMessage());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void endpointFailed(String endpoint, String message) {
    EndpointError event = new EndpointError(spec.chainId(), endpoint, message);
    emit(l -> l.onEndpointError(event));
  }

  private void emit(Consumer<WatcherListener> call) {
    for (WatcherListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.error("chain {}: a listener failed", spec.chainId(), e);
      }
    }
  }

  private void publishSnapshot() {
    snapshot = buildStatus();
    nextSnapshot = clock.instant().plus(SNAPSHOT_EVERY);
  }

  private ChainStatus buildStatus() {
    List<ValidatorStatus> validators = new ArrayList<>();
    for (Map.Entry<TrackedValidator, ValidatorIdentity> e : identities.entrySet()) {
      TrackedValidator t = e.getKey();
      String hex = resolvedAddress.get(t);
      validators.add(
          new ValidatorStatus(
              t.identity(),
              t.label(),
              hex,
              hex == null ? SigningStats.EMPTY : tracker.stats(hex),
              lastStakingStatus.get(t)));
    }
    ChainData data = staking == null ? ChainData.blocksOnly() : staking.data();
    Duration interval = tracker.meanBlockInterval().orElse(null);
    return new ChainStatus(
        spec.chainId(),
        pluginId,
        tracker.lastHeight() == 0 ? null : tracker.lastHeight(),
        blocksProcessed,
        gapBlocks,
        tracker.lastHeight() == 0 ? null : tracker.activeValidators(),
        interval == null ? null : interval.toNanos() / 1e9,
        Double.isNaN(tracker.signedPowerRatio()) ? null : tracker.signedPowerRatio(),
        staking == null ? null : staking.seatPrice(),
        data.stakingParams().map(StakingParams::maxValidators).orElse(null),
        data.slashingParams().orElse(null),
        data.livenessRule().orElse(null),
        validators,
        pool.status());
  }
}
