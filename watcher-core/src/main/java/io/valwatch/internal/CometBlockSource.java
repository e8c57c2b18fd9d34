package io.valwatch.internal;

import io.valwatch.model.ChainSpec;
import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.Block;
import io.valwatch.rpc.BlockSubscription;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.DuplicateVoteEvidence;
import io.valwatch.rpc.HeightAboveLatestException;
import io.valwatch.rpc.HeightBelowLowestException;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.FetchAhead;
import io.valwatch.spi.HeightPrunedException;
import io.valwatch.tracker.HeightVotes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heights and votes read from CometBFT RPC endpoints. Votes for height H are in block H+1's
 * {@code last_commit}; each block is fetched once (it serves as "next" for one height and as "current" for
 * the following one), or not at all when the websocket delivered it; the validator set is fetched only when
 * {@code validators_hash} changes, plus once for the height before a height committed in a later round than
 * 0, to tell who was due to propose it.
 *
 * <p>Blocks of coming heights are requested ahead, up to {@link ChainSpec#maxInFlight()} at once, spread over
 * the endpoints that report them. A height an endpoint reports ({@code /status}, a pushed block) is only a
 * claim: the newest height processed is one below the newest <em>confirmed</em> block, one that an endpoint
 * served when asked for it, that two endpoints report, or that the websocket pushed right after the previous
 * confirmed one.
 */
final class CometBlockSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger(CometBlockSource.class);
  private static final Duration SUBSCRIBE_RETRY_MIN = Duration.ofSeconds(5);
  private static final Duration SUBSCRIBE_RETRY_MAX = Duration.ofMinutes(2);
  private static final int RECEIVED_BLOCKS_KEPT = 1_000;
  /** The websocket counts as silent after this many intervals between its last two blocks without one. */
  private static final int SILENT_AFTER_INTERVALS = 3;
  private static final Duration REFUTATION_WARNING_INTERVAL = Duration.ofMinutes(10);

  private final ChainSpec spec;
  private final EndpointPool pool;
  private final Clock clock;
  private final Runnable onPush;
  private final FetchAhead<Block> ahead;
  private final ConcurrentSkipListMap<Long, Block> received = new ConcurrentSkipListMap<>();
  private final AtomicLong confirmedBlock = new AtomicLong();
  /** The newest height the websocket pushed beyond the confirmed one, not believed yet; 0 when none. */
  private final AtomicLong pushedClaim = new AtomicLong();

  private volatile BlockSubscription subscription;
  private volatile CometRpcClient subscribedTo;
  /** Tells the current subscription's callbacks from those of one replaced. */
  private volatile Object subscriptionToken;
  private volatile boolean subscriptionDelivered;
  private volatile Instant lastPush;
  private volatile Duration pushInterval = Duration.ZERO;
  private volatile Duration subscribeBackoff = SUBSCRIBE_RETRY_MIN;
  private volatile boolean closed;
  private Instant nextEndpointCheck = Instant.MIN;
  private Instant nextPoll = Instant.MIN;
  /**
   * Time to the next {@code /status} poll: the poll interval, doubled after every poll that found no new
   * height while a subscription is open (it will push the next block; the poll only guards against it going
   * silent), up to the endpoint check interval. Back to the poll interval when a height is new.
   */
  private Duration pollDelay;
  private Instant nextSubscribe = Instant.MIN;
  /** A liar repeats its claim at every poll: one warning per interval, with the count of the others. */
  private Instant nextRefutationWarning = Instant.MIN;
  private long refutationsNotLogged;
  private String lastPollFailure;
  private Block pendingBlock;
  private ValidatorSet cachedSet;
  private String cachedSetHash;

  /**
   * @param requests runs the requests sent ahead
   * @param onPush called, on the websocket's thread, when a pushed block may make a height processable
   */
  CometBlockSource(ChainSpec spec, EndpointPool pool, Clock clock, Executor requests, Runnable onPush) {
    this.spec = spec;
    this.pool = pool;
    this.clock = clock;
    this.onPush = onPush;
    this.ahead = new FetchAhead<>(requests, spec.maxInFlight());
    this.pollDelay = spec.pollInterval();
  }

  /** The RPC clients of endpoints not found on another chain: the ones plugins may query. */
  List<CometRpcClient> clientsOnChain() {
    return pool.clientsNotOnAnotherChain();
  }

  /**
   * Checks the endpoints on their interval, keeps the websocket subscription up, polls {@code /status} while
   * no subscription delivers blocks, and confirms the newest height reported. The newest block's commit is
   * not known yet, so the newest processable height is one below the newest confirmed block.
   */
  @Override
  public long latestHeight() {
    Instant now = clock.instant();
    if (!now.isBefore(nextEndpointCheck)) {
      pool.checkAll();
      nextEndpointCheck = now.plus(spec.endpointCheckInterval());
    }
    if (spec.websocket()) {
      ensureSubscribed(now);
    }
    if (!pushing(now) && !now.isBefore(nextPoll)) {
      long confirmedBefore = confirmedBlock.get();
      long polled = poll(now);
      boolean quiet = polled >= 0 && polled <= confirmedBefore && subscription != null;
      pollDelay = quiet ? min(pollDelay.multipliedBy(2), max(spec.pollInterval(), spec.endpointCheckInterval()))
          : spec.pollInterval();
      nextPoll = now.plus(pollDelay);
    }
    long pushed = pushedClaim.getAndSet(0);
    CometRpcClient pusher = subscribedTo;
    if (pushed > 0 && pusher != null) {
      pool.sawHeight(pusher, pushed);
    }
    // A refuted claim is forgotten, so the next lower claim (a healthy endpoint's, beside a liar) is tried.
    for (long claimed = pool.highestHeight(); claimed > confirmedBlock.get() && probeRefutes(claimed, now); ) {
      claimed = pool.highestHeight();
    }
    return Math.max(0, confirmedBlock.get() - 1);
  }

  /** Whether the websocket delivers blocks: it did, and not longer ago than a few of its block intervals. */
  private boolean pushing(Instant now) {
    Instant last = lastPush;
    if (subscription == null || !subscriptionDelivered || last == null) {
      return false;
    }
    Duration silentAfter = pushInterval.multipliedBy(SILENT_AFTER_INTERVALS);
    if (silentAfter.compareTo(spec.pollInterval()) < 0) {
      silentAfter = spec.pollInterval();
    }
    return Duration.between(last, now).compareTo(silentAfter) <= 0;
  }

  /**
   * Asks for the claimed block itself: served, it is confirmed; refused as not produced yet, the claim is false
   * and forgotten, and this returns true. Endpoints that agree are no proof: two endpoints behind one broken
   * load balancer, or fed by one lying node, report the same false height, and believing it would skip every
   * height up to it for good.
   */
  private boolean probeRefutes(long claimed, Instant now) {
    try {
      remember(pool.call(c -> c.block(claimed)));
      return false;
    } catch (HeightAboveLatestException e) {
      List<String> claimants = pool.refute(claimed, "which no endpoint serves");
      if (now.isBefore(nextRefutationWarning)) {
        refutationsNotLogged++;
      } else {
        nextRefutationWarning = now.plus(REFUTATION_WARNING_INTERVAL);
        log.warn(
            "chain {}: {} reported height {}, but no endpoint serves that block (newest {}); not believed"
                + " ({} more such claims since the last warning)",
            spec.chainId(), claimants, claimed, e.currentHeight(), refutationsNotLogged);
        refutationsNotLogged = 0;
      }
      return true;
    } catch (RpcException e) {
      log.debug("chain {}: reported height {} not confirmed yet: {}", spec.chainId(), claimed, e.getMessage());
      return false;
    }
  }

  /** Keeps a block an endpoint served when asked for its height: it exists. */
  private void remember(Block block) {
    received.put(block.height(), block);
    trimReceived();
    confirm(block.height());
  }

  private void confirm(long height) {
    confirmedBlock.accumulateAndGet(height, Math::max);
  }

  private void trimReceived() {
    while (received.size() > RECEIVED_BLOCKS_KEPT) {
      received.pollFirstEntry();
    }
  }

  @Override
  public HeightVotes votes(long height) throws IOException {
    try {
      Block block = pendingBlock != null && pendingBlock.height() == height ? pendingBlock : fetchBlock(height);
      sendAhead(height + 1);
      Block next = fetchBlock(height + 1);
      if (next.lastCommit() == null) {
        throw new InconsistentChainDataException(spec.chainId(), height, "block " + next.height() + " carries no commit");
      }
      ValidatorSet set = validatorSet(height, block.header().validatorsHash());
      HeightVotes votes = CommitAttribution.attribute(spec.chainId(), block.header(), set, next.lastCommit());
      String missedProposer = next.lastCommit().round() > 0 ? missedProposer(block, set) : null;
      pendingBlock = next;
      received.headMap(height, true).clear();
      return withEvidenceAndMissedProposer(votes, block, missedProposer);
    } catch (HeightBelowLowestException e) {
      throw new HeightPrunedException(e.getMessage(), e.lowestAvailableHeight());
    }
  }

  /** Requests the blocks from {@code from} on, up to the newest confirmed one, while there is room. */
  private void sendAhead(long from) {
    long last = Math.min(confirmedBlock.get(), from + spec.maxInFlight() - 1);
    for (long h = from; h <= last && ahead.hasRoom(); h++) {
      if (received.containsKey(h) || ahead.has(h)) {
        continue;
      }
      CometRpcClient client = pool.spreadFor(h);
      if (client == null) {
        return;
      }
      long height = h;
      ahead.send(height, client, () -> client.block(height));
    }
  }

  /**
   * At a height committed in a later round than 0, the validator due in round 0 whose block was not the one
   * committed; {@code null} when it was (a later round may commit round 0's block) or when the proposer cannot
   * be worked out. Costs one {@code /validators} request for the height before, at such heights only.
   */
  private String missedProposer(Block block, ValidatorSet set) throws RpcException {
    long height = block.height();
    if (height <= 1) {
      return null;
    }
    ValidatorSet previous;
    try {
      previous = pool.call(c -> c.validators(height - 1));
    } catch (HeightBelowLowestException e) {
      log.debug("chain {}: height {} committed in a later round; the set of height {} is pruned", spec.chainId(), height, height - 1);
      return null;
    }
    String due = RoundZeroProposer.of(previous, set);
    return due == null || due.equalsIgnoreCase(block.header().proposerAddress()) ? null : due;
  }

  /** The addresses the block's double-sign evidence names and the missed proposer, attached to the votes of its height. */
  private static HeightVotes withEvidenceAndMissedProposer(HeightVotes votes, Block block, String missedProposer) {
    if (block.doubleSignEvidence().isEmpty() && missedProposer == null) {
      return votes;
    }
    Set<String> offenders = new HashSet<>();
    for (DuplicateVoteEvidence e : block.doubleSignEvidence()) {
      offenders.add(e.validatorAddress().toUpperCase(Locale.ROOT));
    }
    return new HeightVotes(votes.height(), votes.time(), votes.proposerAddress(), votes.votes(), offenders, missedProposer);
  }

  @Override
  public List<EndpointStatus> endpoints() {
    return pool.status();
  }

  @Override
  public void close() {
    closed = true;
    BlockSubscription sub = subscription;
    if (sub != null) {
      sub.close();
    }
  }

  /**
   * Asks the preferred endpoint for {@code /status}. While the websocket is silent and the chain has gone on
   * without it, the subscription is replaced.
   *
   * @return the height reported, or -1 when no endpoint answered
   */
  private long poll(Instant now) {
    long height;
    try {
      height =
          pool.call(
              c -> {
                long h = c.status().latestBlockHeight();
                pool.sawHeight(c, h);
                return h;
              });
    } catch (RpcException e) {
      if (!e.getMessage().equals(lastPollFailure)) {
        lastPollFailure = e.getMessage();
        log.warn("chain {}: no endpoint answered /status: {}", spec.chainId(), e.getMessage());
      }
      return -1;
    }
    lastPollFailure = null;
    BlockSubscription sub = subscription;
    Instant last = lastPush;
    if (sub != null && subscriptionDelivered && last != null && height > confirmedBlock.get()) {
      log.warn(
          "chain {}: the websocket delivered no block for {} s while the chain went on to height {}; "
              + "polling and subscribing again",
          spec.chainId(), Duration.between(last, now).toSeconds(), height);
      subscription = null;
      subscriptionDelivered = false;
      nextSubscribe = now;
      sub.close();
    }
    return height;
  }

  /** A block the source needs: pushed, requested ahead, or requested now with fail-over. */
  private Block fetchBlock(long height) throws RpcException {
    Block b = received.get(height);
    if (b != null) {
      return b;
    }
    FetchAhead.Outcome<Block> sent;
    try {
      sent = ahead.take(height);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException("chain " + spec.chainId() + ": interrupted while waiting for block " + height);
    }
    if (sent != null) {
      CometRpcClient client = (CometRpcClient) sent.tag();
      RpcException failure = (RpcException) sent.failure();
      pool.outcome(client, failure);
      if (failure == null) {
        confirm(height);
        return sent.value();
      }
    }
    Block served = pool.call(c -> c.block(height));
    confirm(height);
    return served;
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
    subscriptionDelivered = false;
    subscribedTo = client;
    Object token = new Object();
    subscriptionToken = token;
    try {
      subscription =
          client.subscribeNewBlocks(
              new BlockSubscription.Listener() {
                @Override
                public void onBlock(Block block) {
                  pushed(block);
                }

                @Override
                public void onClosed(RpcException cause) {
                  if (subscriptionToken != token) {
                    return; // an earlier subscription, replaced
                  }
                  subscription = null;
                  subscriptionDelivered = false;
                  if (cause != null && !closed) {
                    log.warn(
                        "chain {}: block subscription lost, polling instead: {}", spec.chainId(), cause.getMessage());
                    pool.reportError(client, cause.getMessage());
                  }
                }
              });
    } catch (RuntimeException e) {
      log.warn("chain {}: cannot subscribe to new blocks, polling instead: {}", spec.chainId(), e.getMessage());
    }
  }

  /**
   * A block the websocket pushed. It is believed when it comes right after the newest confirmed block;
   * further ahead it is only the endpoint's claim, confirmed or refuted at the next round.
   */
  private void pushed(Block block) {
    long height = block.height();
    received.put(height, block);
    trimReceived();
    long confirmed = confirmedBlock.get();
    if (height <= confirmed + 1) {
      confirm(height);
    } else {
      pushedClaim.accumulateAndGet(height, Math::max);
    }
    Instant now = clock.instant();
    Instant last = lastPush;
    if (last != null) {
      pushInterval = Duration.between(last, now);
    }
    lastPush = now;
    subscriptionDelivered = true;
    subscribeBackoff = SUBSCRIBE_RETRY_MIN;
    onPush.run();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
