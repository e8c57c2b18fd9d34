package io.valwatch.plugins.minter;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.model.EndpointStatus;
import io.valwatch.plugins.minter.MinterEndpoint.Block;
import io.valwatch.plugins.minter.MinterEndpoint.Signer;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.FetchAhead;
import io.valwatch.spi.HeightUnavailableException;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.Vote;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heights and votes from Minter's API v2. Block {@code H+1} lists the validator set of {@code H} with a
 * {@code signed} flag each, so the votes of {@code H} are read from {@code /block/{H+1}} (signed: COMMIT,
 * otherwise ABSENT; Minter does not tell nil votes apart), and the proposer and time of {@code H} from
 * {@code /block/{H}}, which the previous height already fetched. In order, each height costs one {@code
 * /block} request; voting powers come from {@code /validators?height=H} only when the set changes or
 * {@value #POWER_REFRESH_BLOCKS} heights have passed.
 */
final class MinterBlockSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger(MinterBlockSource.class);
  /** Minter reweighs the Tendermint set from stakes now and then; powers older than this are re-read. */
  static final long POWER_REFRESH_BLOCKS = 120;

  private final String network;
  private final EndpointGroup endpoints;
  private final Clock clock;
  private final Duration pollInterval;
  private final FetchAhead<Block> ahead;
  private int nextEndpoint;

  private Instant lastPoll;
  private long latestBlock;
  private Block lastBlock;
  private Map<ConsensusKey, Long> powers = Map.of();
  private long powersHeight;

  MinterBlockSource(
      String network, EndpointGroup endpoints, Clock clock, Duration pollInterval, FetchAhead<Block> ahead) {
    this.network = network;
    this.endpoints = endpoints;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.ahead = ahead;
  }

  /**
   * One less than the newest block any synced endpoint on the right network reports, since the votes of a
   * height are in the next block. Asks each endpoint's {@code /status} at most once per poll interval.
   */
  @Override
  public long latestHeight() {
    Instant now = clock.instant();
    if (lastPoll == null || !now.isBefore(lastPoll.plus(pollInterval))) {
      lastPoll = now;
      for (MinterEndpoint endpoint : endpoints.endpoints()) {
        try {
          MinterEndpoint.Status status = endpoint.status(network);
          if (network.equals(status.network()) && !status.catchingUp()) {
            latestBlock = Math.max(latestBlock, status.latestBlockHeight());
          }
        } catch (MinterApiException e) {
          log.warn("Status check failed: {}", e.getMessage());
        }
      }
    }
    return Math.max(0, latestBlock - 1);
  }

  @Override
  public HeightVotes votes(long height) throws IOException {
    if (height < 1) {
      throw new IllegalArgumentException("height must be at least 1, got " + height);
    }
    Block current = lastBlock != null && lastBlock.height() == height ? lastBlock : block(height);
    sendAhead(height + 1);
    Block next = block(height + 1);
    lastBlock = next;
    Map<ConsensusKey, Long> power = powersFor(height, next.previousSet());
    List<Vote> votes = new ArrayList<>(next.previousSet().size());
    for (Signer s : next.previousSet()) {
      Long p = power.get(s.key());
      if (p == null) {
        throw new MinterApiException(MinterApiException.Kind.MALFORMED, 0, "block " + (height + 1)
            + " lists validator " + s.key().addressHex() + " that /validators?height=" + height + " does not", null);
      }
      votes.add(new Vote(s.key().addressHex(), p, s.signed() ? BlockIdFlag.COMMIT : BlockIdFlag.ABSENT));
    }
    return new HeightVotes(height, current.time(), current.proposer().addressHex(), votes, Set.of(), null);
  }

  private Map<ConsensusKey, Long> powersFor(long height, List<Signer> set) throws MinterApiException {
    Set<ConsensusKey> keys = new HashSet<>();
    set.forEach(s -> keys.add(s.key()));
    boolean stale = height < powersHeight || height - powersHeight >= POWER_REFRESH_BLOCKS;
    if (stale || !keys.equals(powers.keySet())) {
      powers = endpoints.call("validators at height " + height, e -> e.validators(height));
      powersHeight = height;
    }
    return powers;
  }

  /**
   * Requests the blocks from {@code from} on, up to the newest one reported, while there is room; the
   * endpoints whose last request succeeded take turns.
   */
  private void sendAhead(long from) {
    List<MinterEndpoint> up = endpoints.endpoints().stream().filter(e -> e.health().up()).toList();
    for (long h = from; h <= latestBlock && ahead.hasRoom() && !up.isEmpty(); h++) {
      if (!ahead.has(h)) {
        nextEndpoint = (nextEndpoint + 1) % up.size();
        MinterEndpoint endpoint = up.get(nextEndpoint);
        long height = h;
        ahead.send(height, endpoint, () -> endpoint.block(height));
      }
    }
  }

  private Block block(long height) throws IOException {
    FetchAhead.Outcome<Block> sent;
    try {
      sent = ahead.take(height);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for block " + height, e);
    }
    if (sent != null && sent.failure() == null) {
      return sent.value();
    }
    try {
      return endpoints.call("block " + height, e -> e.block(height));
    } catch (MinterApiException e) {
      if (!e.notFound()) {
        throw e;
      }
      if (height > latestBlock) {
        throw new IOException("block " + height + " is not produced yet (latest seen " + latestBlock + ")", e);
      }
      long lowest = lowestServedBlock(height + 1);
      throw new HeightUnavailableException(
          "block " + height + " is not served by any endpoint (pruned); the lowest served is " + lowest, lowest);
    }
  }

  /** The lowest block at or above {@code from} that an endpoint serves, by bisection up to the latest. */
  private long lowestServedBlock(long from) throws MinterApiException {
    long low = from;
    long high = Math.max(from, latestBlock);
    while (low < high) {
      long mid = low + (high - low) / 2;
      if (endpoints.call("block " + mid, e -> e.hasBlock(mid))) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  @Override
  public List<EndpointStatus> endpoints() {
    return endpoints.health();
  }
}
