package io.valwatch.internal;

import io.valwatch.ChainSpec;
import io.valwatch.EndpointStatus;
import io.valwatch.rpc.Block;
import io.valwatch.rpc.BlockSubscription;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.DuplicateVoteEvidence;
import io.valwatch.rpc.HeightNotAvailableException;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.HeightUnavailableException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heights and votes read from CometBFT RPC endpoints. Votes for height H are in block H+1's
 * {@code last_commit}; each block is fetched once (it serves as "next" for one height and as "current" for
 * the following one), or not at all when the websocket delivered it; the validator set is fetched only when
 * {@code validators_hash} changes, plus once for the height before a height committed in a later round than
 * 0, to tell who was due to propose it.
 */
final class CometBlockSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger(CometBlockSource.class);
  private static final Duration SUBSCRIBE_RETRY_MIN = Duration.ofSeconds(5);
  private static final Duration SUBSCRIBE_RETRY_MAX = Duration.ofMinutes(2);
  private static final int RECEIVED_BLOCKS_KEPT = 1_000;

  private final ChainSpec spec;
  private final EndpointPool pool;
  private final Clock clock;
  private final ConcurrentSkipListMap<Long, Block> received = new ConcurrentSkipListMap<>();

  private volatile long newestBlock;
  private volatile BlockSubscription subscription;
  private volatile boolean subscriptionDelivered;
  private volatile Duration subscribeBackoff = SUBSCRIBE_RETRY_MIN;
  private volatile boolean closed;
  private Instant nextEndpointCheck = Instant.MIN;
  private Instant nextPoll = Instant.MIN;
  private Instant nextSubscribe = Instant.MIN;
  private Block pendingBlock;
  private ValidatorSet cachedSet;
  private String cachedSetHash;

  CometBlockSource(ChainSpec spec, EndpointPool pool, Clock clock) {
    this.spec = spec;
    this.pool = pool;
    this.clock = clock;
  }

  /** The RPC clients of endpoints not found on another chain: the ones plugins may query. */
  List<CometRpcClient> clientsOnChain() {
    return pool.clientsNotOnAnotherChain();
  }

  /**
   * Checks the endpoints on their interval, keeps the websocket subscription up, and polls {@code /status}
   * while no subscription has delivered a block. The newest block's commit is not known yet, so the newest
   * processable height is one below it.
   */
  @Override
  public long latestHeight() {
    Instant now = clock.instant();
    if (!now.isBefore(nextEndpointCheck)) {
      pool.checkAll();
      sawBlock(pool.highestHeight());
      nextEndpointCheck = now.plus(spec.endpointCheckInterval());
    }
    if (spec.websocket()) {
      ensureSubscribed(now);
    }
    if (!(subscription != null && subscriptionDelivered) && !now.isBefore(nextPoll)) {
      poll();
      nextPoll = now.plus(spec.pollInterval());
    }
    return Math.max(0, newestBlock - 1);
  }

  @Override
  public HeightVotes votes(long height) throws IOException {
    try {
      Block block = pendingBlock != null && pendingBlock.height() == height ? pendingBlock : fetchBlock(height);
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
    } catch (HeightNotAvailableException e) {
      throw new HeightUnavailableException(e.getMessage(), e.lowestAvailableHeight());
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
    } catch (HeightNotAvailableException e) {
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

  private void sawBlock(long height) {
    if (height > newestBlock) {
      newestBlock = height;
    }
  }

  private void poll() {
    try {
      long height =
          pool.call(
              c -> {
                long h = c.status().latestBlockHeight();
                pool.sawHeight(c, h);
                return h;
              });
      sawBlock(height);
    } catch (RpcException e) {
      log.warn("chain {}: no endpoint answered /status: {}", spec.chainId(), e.getMessage());
    }
  }

  private Block fetchBlock(long height) throws RpcException {
    Block b = received.get(height);
    return b != null ? b : pool.call(c -> c.block(height));
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
                  sawBlock(block.height());
                  subscriptionDelivered = true;
                  subscribeBackoff = SUBSCRIBE_RETRY_MIN;
                }

                @Override
                public void onClosed(RpcException cause) {
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

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
