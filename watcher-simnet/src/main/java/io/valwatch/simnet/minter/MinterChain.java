package io.valwatch.simnet.minter;

import io.valwatch.simnet.minter.MinterBlock.CommitEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A simulated Minter chain (API v2 era, rules of {@code coreV2}): candidates with {@code Mp…} keys and
 * stakes, a validator set, and the downtime rule. Serve it with {@link MinterApiServer}.
 *
 * <p>Rules followed:
 *
 * <ul>
 *   <li>Block {@code H} has time {@code genesisTime + H × blockInterval} and carries the signatures for
 *       {@code H-1} by the validator set of {@code H-1}, in set order (stake descending, then declaration
 *       order). Block 1 carries none.
 *   <li>The validator set of height 1 is the {@code maxValidators} candidates with the most stake. Voting
 *       power is the stake in whole coins; {@code total_stake} is the same stake in pip (× 10^18).
 *   <li>In the BeginBlock of {@code H}, each app validator in the commit of {@code H-1} has bit {@code H %
 *       24} of its absence bitmap set when it did not sign and cleared when it did. When more than 12 of
 *       the 24 bits are set, it is punished as since v2: jailed until {@code H + jailBlocks}, switched off
 *       (status 1), no longer an app validator, bitmap reset. Tendermint drops it from the set of
 *       {@code H+2}; its absences at {@code H} and {@code H+1} are no longer recorded.
 *   <li>The proposer of {@code H} is the first member of the set of {@code H}, counting round robin from
 *       index {@code H % size}, that is not offline at {@code H}.
 * </ul>
 *
 * <p>Thread-safe: one lock guards the state, so a server can read while a test produces blocks.
 */
public final class MinterChain {
  /** The jail length of Minter's mainnet since v2, in blocks (about 24 hours). */
  public static final long MAINNET_JAIL_BLOCKS = 17_280;
  /** Absences tolerated in the 24-block window; one more is punished. */
  static final int MAX_ABSENT = 12;
  private static final Comparator<Candidate> SET_ORDER =
      Comparator.comparingLong((Candidate c) -> c.stakeBip).reversed().thenComparingLong(c -> c.id);

  private final Object lock = new Object();
  private final String network;
  private final Instant genesisTime;
  private final Duration blockInterval;
  private final long jailBlocks;
  private final int keepLastStates;
  private final long earliestBlockHeight;
  private final Map<String, Candidate> candidates;
  private final Map<String, List<long[]>> offline;
  private final List<Candidate> genesisSet;
  private final NavigableMap<Long, MinterBlock> blocks = new TreeMap<>();
  private final NavigableMap<Long, List<Candidate>> sets = new TreeMap<>();
  private final NavigableMap<Long, List<CandidateState>> states = new TreeMap<>();
  private final Map<Long, Set<Candidate>> leavingAt = new HashMap<>();
  private long latestHeight;

  private MinterChain(Builder b) {
    this.network = b.network;
    this.genesisTime = b.genesisTime;
    this.blockInterval = b.blockInterval;
    this.jailBlocks = b.jailBlocks;
    this.keepLastStates = b.keepLastStates;
    this.earliestBlockHeight = b.earliestBlockHeight;
    this.candidates = new LinkedHashMap<>();
    long id = 1;
    for (Map.Entry<String, Long> e : b.stakes.entrySet()) {
      candidates.put(e.getKey(), new Candidate(id++, e.getKey(), e.getValue(), b.commission));
    }
    this.offline = new HashMap<>(b.offline);
    this.genesisSet =
        candidates.values().stream().sorted(SET_ORDER).limit(b.maxValidators).toList();
    genesisSet.forEach(c -> c.validator = true);
  }

  /** A builder: network {@code minter-simnet-1}, 5-second blocks, mainnet jail length, 64 validators. */
  public static Builder builder() {
    return new Builder();
  }

  /** The network id {@code /v2/status} reports. */
  public String network() {
    return network;
  }

  /** The latest produced height; 0 before the first block. */
  public long latestHeight() {
    synchronized (lock) {
      return latestHeight;
    }
  }

  /** The time of block {@code height}. */
  public Instant blockTime(long height) {
    return genesisTime.plus(blockInterval.multipliedBy(height));
  }

  /** The {@code Mp…} public key of the candidate with this name. */
  public String publicKey(String name) {
    return candidate(name).publicKey;
  }

  /** Produces {@code n} blocks and returns the new latest height. */
  public long produceBlocks(int n) {
    synchronized (lock) {
      for (int i = 0; i < n; i++) {
        produce(latestHeight + 1);
      }
      return latestHeight;
    }
  }

  /** Produces blocks until {@code height} is the latest (nothing if it already is). */
  public long produceUntil(long height) {
    synchronized (lock) {
      while (latestHeight < height) {
        produce(latestHeight + 1);
      }
      return latestHeight;
    }
  }

  /** A consistent snapshot of the ground truth. */
  public MinterTruth truth() {
    synchronized (lock) {
      Map<String, MinterValidatorTruth> byName = new LinkedHashMap<>();
      for (Candidate c : candidates.values()) {
        byName.put(c.name, new MinterValidatorTruth(c.name, c.publicKey, c.addressHex,
            c.totalStakePip(), c.votingPower(), c.statusCode(), c.validator, c.jailedUntil > latestHeight,
            c.jailedUntil, c.absence.count(), c.absence.toString(), c.signed, c.missed, c.proposed));
      }
      return new MinterTruth(latestHeight, byName);
    }
  }

  private void produce(long height) {
    List<Candidate> set = height == 1 ? genesisSet : withoutLeaving(sets.get(height - 1), height);
    if (set.isEmpty()) {
      throw new IllegalStateException("no validator is left to produce block " + height);
    }
    sets.put(height, set);
    List<CommitEntry> lastCommit = new ArrayList<>();
    if (height > 1) {
      for (Candidate c : sets.get(height - 1)) {
        boolean signed = !isOffline(c, height - 1);
        if (signed) {
          c.signed++;
        } else {
          c.missed++;
        }
        lastCommit.add(new CommitEntry(c, signed));
      }
      blocks.get(height - 1).proposer().proposed++;
      beginBlock(height, lastCommit);
    }
    blocks.put(height, new MinterBlock(height, blockTime(height), proposer(set, height), List.copyOf(lastCommit)));
    latestHeight = height;
    states.put(height, candidates.values().stream().map(Candidate::snapshot).toList());
    states.headMap(height - keepLastStates, true).clear();
  }

  private List<Candidate> withoutLeaving(List<Candidate> previous, long height) {
    Set<Candidate> leaving = leavingAt.remove(height);
    if (leaving == null) {
      return previous;
    }
    return previous.stream().filter(c -> !leaving.contains(c)).toList();
  }

  private void beginBlock(long height, List<CommitEntry> lastCommit) {
    for (CommitEntry vote : lastCommit) {
      Candidate c = vote.candidate();
      if (!c.validator) {
        continue;
      }
      c.absence.record(height, !vote.signed());
      if (c.absence.count() > MAX_ABSENT) {
        c.validator = false;
        c.online = false;
        c.jailedUntil = height + jailBlocks;
        c.absence.reset();
        leavingAt.computeIfAbsent(height + 2, h -> new HashSet<>()).add(c);
      }
    }
  }

  private Candidate proposer(List<Candidate> set, long height) {
    int size = set.size();
    for (int i = 0; i < size; i++) {
      Candidate c = set.get((int) ((height + i) % size));
      if (!isOffline(c, height)) {
        return c;
      }
    }
    return set.get((int) (height % size));
  }

  private boolean isOffline(Candidate c, long height) {
    for (long[] range : offline.getOrDefault(c.name, List.of())) {
      if (height >= range[0] && height <= range[1]) {
        return true;
      }
    }
    return false;
  }

  private Candidate candidate(String name) {
    Candidate c = candidates.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no candidate named '" + name + "'; known: " + candidates.keySet());
    }
    return c;
  }

  // Reads for the API server; all under the lock.

  /** The block at {@code height}, empty when not produced yet or below the earliest served block. */
  Optional<MinterBlock> block(long height) {
    synchronized (lock) {
      return height < earliestBlockHeight ? Optional.empty() : Optional.ofNullable(blocks.get(height));
    }
  }

  /** The Tendermint validator set at {@code height}, empty when that block is not served. */
  Optional<List<Candidate>> validatorSet(long height) {
    synchronized (lock) {
      return height < earliestBlockHeight ? Optional.empty() : Optional.ofNullable(sets.get(height));
    }
  }

  /** Every candidate's state after block {@code height}, empty when that state is not kept. */
  Optional<List<CandidateState>> state(long height) {
    synchronized (lock) {
      return Optional.ofNullable(states.get(height));
    }
  }

  int keepLastStates() {
    return keepLastStates;
  }

  /** Configures a {@link MinterChain}. */
  public static final class Builder {
    private String network = "minter-simnet-1";
    private Instant genesisTime = Instant.parse("2024-01-01T00:00:00Z");
    private Duration blockInterval = Duration.ofSeconds(5);
    private long jailBlocks = MAINNET_JAIL_BLOCKS;
    private int maxValidators = 64;
    private int keepLastStates = 120;
    private long earliestBlockHeight = 1;
    private int commission = 10;
    private final Map<String, Long> stakes = new LinkedHashMap<>();
    private final Map<String, List<long[]>> offline = new HashMap<>();

    private Builder() {}

    /** The network id, as {@code /v2/status} reports it. */
    public Builder network(String network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /** The time of height 0; block {@code H} is {@code H} block intervals later. */
    public Builder genesisTime(Instant time) {
      this.genesisTime = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The time between blocks (default 5 s). */
    public Builder blockInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("blockInterval must be positive, got " + interval);
      }
      this.blockInterval = interval;
      return this;
    }

    /** How many blocks a downtime jailing lasts (default {@link #MAINNET_JAIL_BLOCKS}). */
    public Builder jailBlocks(long blocks) {
      if (blocks <= 0) {
        throw new IllegalArgumentException("jailBlocks must be positive, got " + blocks);
      }
      this.jailBlocks = blocks;
      return this;
    }

    /** The size of the validator set (Minter's is 64). */
    public Builder maxValidators(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxValidators must be positive, got " + max);
      }
      this.maxValidators = max;
      return this;
    }

    /** How many recent heights the state queries ({@code candidate}, {@code missed_blocks}…) answer for. */
    public Builder keepLastStates(int heights) {
      if (heights <= 0) {
        throw new IllegalArgumentException("keepLastStates must be positive, got " + heights);
      }
      this.keepLastStates = heights;
      return this;
    }

    /** Blocks below this height answer 404, as on a node that pruned them (default 1: none pruned). */
    public Builder earliestBlockHeight(long height) {
      if (height < 1) {
        throw new IllegalArgumentException("earliestBlockHeight must be at least 1, got " + height);
      }
      this.earliestBlockHeight = height;
      return this;
    }

    /** The commission every candidate charges, in percent (default 10). */
    public Builder commission(int percent) {
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException("commission must be within 0..100, got " + percent);
      }
      this.commission = percent;
      return this;
    }

    /** Declares an online candidate with a stake in whole coins; the richest become validators. */
    public Builder candidate(String name, long stake) {
      Objects.requireNonNull(name, "name");
      if (stake <= 0) {
        throw new IllegalArgumentException("stake of '" + name + "' must be positive, got " + stake);
      }
      if (stakes.putIfAbsent(name, stake) != null) {
        throw new IllegalArgumentException("candidate '" + name + "' is declared twice");
      }
      return this;
    }

    /** {@code name} does not sign heights {@code fromHeight..toHeight} (inclusive) and proposes none. */
    public Builder offline(String name, long fromHeight, long toHeight) {
      if (fromHeight < 1 || toHeight < fromHeight) {
        throw new IllegalArgumentException(
            "offline range of '" + name + "' must satisfy 1 <= from <= to, got " + fromHeight + ".." + toHeight);
      }
      offline.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {fromHeight, toHeight});
      return this;
    }

    /** Builds the chain at height 0; fails naming any scripted candidate that was not declared. */
    public MinterChain build() {
      if (stakes.isEmpty()) {
        throw new IllegalStateException("a chain needs at least one candidate");
      }
      for (String name : offline.keySet()) {
        if (!stakes.containsKey(name)) {
          throw new IllegalStateException("offline() names '" + name + "', which is not a declared candidate");
        }
      }
      return new MinterChain(this);
    }
  }
}
