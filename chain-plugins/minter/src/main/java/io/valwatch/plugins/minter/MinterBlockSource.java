package io.valwatch.plugins.minter;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.model.EndpointStatus;
import io.valwatch.plugins.minter.MinterEndpoint.Block;
import io.valwatch.plugins.minter.MinterEndpoint.Signer;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.FetchAhead;
import io.valwatch.spi.HeightPrunedException;
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
import java.util.TreeMap;

/**
 * Heights and votes from Minter's API v2. Block {@code H+1} lists the validator set of {@code H} with a
 * {@code signed} flag each, so the votes of {@code H} are read from {@code /block/{H+1}} (signed: COMMIT,
 * otherwise ABSENT; Minter does not tell nil votes apart), and the proposer and time of {@code H} from
 * {@code /block/{H}}, which the previous height already fetched. In order, each height costs one {@code
 * /block} request; voting powers come from {@code /validators?height=H} only when the set changes or
 * {@value #POWER_REFRESH_BLOCKS} heights have passed.
 *
 * <p>The newest block an endpoint reports in {@code /status} is only a claim: the newest height processed is
 * one below the newest <em>confirmed</em> block, one that an endpoint served when asked for it. A claimed
 * block is asked for at once (and kept, so that it costs nothing more when its height comes); when the
 * endpoints asked answer 404, the claim is forgotten and the next lower one tried. Blocks of coming heights
 * are requested ahead, up to the chain's {@code max_in_flight}, spread over the endpoints that report them.
 */
final class MinterBlockSource implements BlockSource {
  /** Minter reweighs the Tendermint set from stakes now and then; powers older than this are re-read. */
  static final long POWER_REFRESH_BLOCKS = 120;
  /** Blocks fetched to confirm a claim, kept until their height is processed; beyond this the lowest go. */
  private static final int CONFIRMING_BLOCKS_KEPT = 64;

  private final EndpointGroup endpoints;
  private final Clock clock;
  private final Duration pollInterval;
  private final FetchAhead<Block> ahead;
  private final TreeMap<Long, Block> confirming = new TreeMap<>();

  private Instant lastPoll;
  private long confirmedBlock;
  private Block lastBlock;
  private Map<ConsensusKey, Long> powers = Map.of();
  private long powersHeight;

  MinterBlockSource(EndpointGroup endpoints, Clock clock, Duration pollInterval, FetchAhead<Block> ahead) {
    this.endpoints = endpoints;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.ahead = ahead;
  }

  /**
   * One less than the newest confirmed block, since the votes of a height are in the next block. Asks each
   * endpoint that is not backing off for {@code /status} at most once per poll interval, and confirms the
   * newest block reported by asking for it; that block is kept until its height comes.
   */
  @Override
  public long latestHeight() {
    Instant now = clock.instant();
    if (lastPoll == null || !now.isBefore(lastPoll.plus(pollInterval))) {
      lastPoll = now;
      endpoints.checkStatuses();
    }
    endpoints.newestServedBlock(confirmedBlock).ifPresent(block -> {
      confirming.put(block.height(), block);
      while (confirming.size() > CONFIRMING_BLOCKS_KEPT) {
        confirming.pollFirstEntry();
      }
      confirm(block.height());
    });
    return Math.max(0, confirmedBlock - 1);
  }

  private void confirm(long block) {
    confirmedBlock = Math.max(confirmedBlock, block);
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
   * Requests the blocks from {@code from} on, up to the newest confirmed one, while there is room; the
   * endpoints that report them take turns.
   */
  private void sendAhead(long from) {
    for (long h = from; h <= confirmedBlock && ahead.hasRoom(); h++) {
      if (confirming.containsKey(h) || ahead.has(h)) {
        continue;
      }
      MinterEndpoint endpoint = endpoints.spreadFor(h);
      if (endpoint == null) {
        return;
      }
      long height = h;
      if (!ahead.send(height, endpoint, () -> endpoint.block(height))) {
        return;
      }
    }
  }

  /**
   * A block the source needs: fetched to confirm a claim, requested ahead, or requested now with fail-over. A
   * block every endpoint answers 404 for is not produced yet when it is above the newest confirmed one, and
   * pruned otherwise.
   */
  private Block block(long height) throws IOException {
    confirming.headMap(height).clear();
    Block held = confirming.remove(height);
    if (held != null) {
      return held;
    }
    FetchAhead.Outcome<Block> sent;
    try {
      sent = ahead.take(height);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for block " + height, e);
    }
    if (sent != null && sent.failure() == null) {
      confirm(height);
      return sent.value();
    }
    try {
      Block served = endpoints.call("block " + height, e -> e.block(height));
      confirm(height);
      return served;
    } catch (MinterApiException e) {
      if (!e.notFound()) {
        throw e;
      }
      if (height > confirmedBlock) {
        throw new IOException("block " + height + " is not produced yet (newest confirmed " + confirmedBlock + ")", e);
      }
      long lowest = lowestServedBlock(height + 1);
      throw new HeightPrunedException(
          "block " + height + " is not served by any endpoint (pruned); the lowest served is " + lowest, lowest);
    }
  }

  /**
   * The lowest block at or above {@code from} that an endpoint serves, by bisection up to the newest confirmed
   * one.
   */
  private long lowestServedBlock(long from) throws MinterApiException {
    long low = from;
    long high = Math.max(from, confirmedBlock);
    while (low < high) {
      long mid = low + (high - low) / 2;
      if (served(mid)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** Whether an endpoint serves block {@code height}; every endpoint must answer 404 for a no. */
  private boolean served(long height) throws MinterApiException {
    try {
      endpoints.call("block " + height, e -> {
        e.checkBlock(height);
        return true;
      });
      return true;
    } catch (MinterApiException e) {
      if (e.notFound()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<EndpointStatus> endpoints() {
    return endpoints.health();
  }
}
