package io.valwatch.simnet.minter;

import io.valwatch.simnet.minter.MinterBlock.CommitEntry;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
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
 *   <li>Transactions ({@link #transaction(String)}, {@code /v2/send_transaction}) are checked as the node's
 *       CheckTx checks them, in its order, with its error codes, and wait in the mempool (one per sender);
 *       block {@code H} delivers them after its BeginBlock. A delivered {@code SetCandidateOffline} switches
 *       the candidate off and out of the app's validators at once, and Tendermint drops it from the set of
 *       {@code H+2}; its nonce is used even when delivering fails. {@code SetCandidateOnline} is refused
 *       while the candidate is jailed (code 414); a candidate switched on rejoins the set two blocks after
 *       the next validator update (every {@code validatorUpdatePeriod} blocks: 720 on the mainnet).
 *   <li>A double sign scripted at {@code H} ({@link Builder#doubleSign}) is punished in the BeginBlock of
 *       {@code H} only when the candidate is online and a validator, as the node skips offline candidates:
 *       5 % of the stake slashed, the rest unbonded, dropped from the set of {@code H+2}.
 * </ul>
 *
 * <p>Thread-safe: one lock guards the state, so a server can read while a test produces blocks.
 */
public final class MinterChain {
  /** The jail length of Minter's mainnet since v2, in blocks (about 24 hours). */
  public static final long MAINNET_JAIL_BLOCKS = 17_280;
  /** Absences tolerated in the 24-block window; one more is punished. */
  static final int MAX_ABSENT = 12;
  /** The node refuses transactions below this gas price. */
  static final long MIN_GAS_PRICE = 1;
  /** What the simulator charges for a candidate switch per unit of gas price: 0.1 coin, in pip. */
  static final BigInteger SWITCH_FEE_PIP = BigInteger.TEN.pow(17);
  private static final BigInteger PIP_PER_BIP = BigInteger.TEN.pow(18);
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
  private final int chainId;
  private final int maxValidators;
  private final int validatorUpdatePeriod;
  private final Map<Long, Set<String>> doubleSigns;
  private final Map<String, Account> accounts = new HashMap<>();
  private final List<SimTransaction> mempool = new ArrayList<>();
  private final Set<String> seenTransactions = new HashSet<>();
  private final List<TransactionTruth> delivered = new ArrayList<>();
  private final Set<Candidate> switchedOn = new HashSet<>();
  private final Map<Long, Set<Candidate>> joiningAt = new HashMap<>();
  private long latestHeight;

  /** An account's nonce (transactions sent) and balance of the base coin. */
  private static final class Account {
    long nonce;
    BigInteger balancePip = BigInteger.ZERO;
  }

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
    this.chainId = b.chainId;
    this.maxValidators = b.maxValidators;
    this.validatorUpdatePeriod = b.validatorUpdatePeriod;
    this.doubleSigns = new HashMap<>(b.doubleSigns);
    for (Candidate c : candidates.values()) {
      account(c.ownerAddress).balancePip =
          BigInteger.valueOf(b.balances.getOrDefault(c.name, b.defaultBalance)).multiply(PIP_PER_BIP);
    }
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

  /** The chain id its transactions carry: 1 mainnet, 2 testnet. */
  public int chainId() {
    return chainId;
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
            c.jailedUntil, c.absence.count(), c.absence.toString(), c.signed, c.missed, c.proposed,
            c.ownerAddress, account(c.ownerAddress).nonce, c.slashedPip()));
      }
      return new MinterTruth(latestHeight, byName, List.copyOf(delivered), mempool.size());
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
      punishDoubleSigns(height);
    }
    deliverTransactions(height);
    endBlock(height);
    blocks.put(height, new MinterBlock(height, blockTime(height), proposer(set, height), List.copyOf(lastCommit)));
    latestHeight = height;
    states.put(height, candidates.values().stream().map(Candidate::snapshot).toList());
    states.headMap(height - keepLastStates, true).clear();
  }

  private List<Candidate> withoutLeaving(List<Candidate> previous, long height) {
    Set<Candidate> leaving = leavingAt.remove(height);
    Set<Candidate> joining = joiningAt.remove(height);
    if (leaving == null && joining == null) {
      return previous;
    }
    List<Candidate> next = new ArrayList<>(previous);
    if (leaving != null) {
      next.removeAll(leaving);
    }
    if (joining != null) {
      joining.stream().filter(c -> !next.contains(c)).forEach(next::add);
      next.sort(SET_ORDER);
    }
    return next.stream().limit(maxValidators).toList();
  }


  private void punishDoubleSigns(long height) {
    for (String name : doubleSigns.getOrDefault(height, Set.of())) {
      Candidate c = candidates.get(name);
      if (c.online && c.validator) {
        c.stakeUnbonded = true;
        c.validator = false;
        leavingAt.computeIfAbsent(height + 2, h -> new HashSet<>()).add(c);
      }
    }
  }

  private void deliverTransactions(long height) {
    for (SimTransaction tx : mempool) {
      Rejection rejection = check(tx, false);
      account(senderOf(tx)).nonce = Math.max(account(senderOf(tx)).nonce, tx.nonce());
      if (rejection == null) {
        apply(tx, height);
      }
      delivered.add(new TransactionTruth(height, tx.hash(), tx.type(), senderOf(tx),
          rejection == null ? 0 : rejection.code()));
    }
    mempool.clear();
  }

  private void apply(SimTransaction tx, long height) {
    Account sender = account(senderOf(tx));
    sender.balancePip = sender.balancePip.subtract(fee(tx));
    Candidate c = byKey(tx.candidateKey());
    if (tx.type() == SimTransaction.SET_CANDIDATE_OFF) {
      c.online = false;
      switchedOn.remove(c);
      if (c.validator) {
        c.validator = false;
        leavingAt.computeIfAbsent(height + 2, h -> new HashSet<>()).add(c);
      }
    } else {
      c.online = true;
      if (!c.validator && !c.stakeUnbonded) {
        switchedOn.add(c);
      }
    }
  }

  /** EndBlock: a validator update every {@code validatorUpdatePeriod} blocks takes switched-on candidates in. */
  private void endBlock(long height) {
    if (height % validatorUpdatePeriod != 0 || switchedOn.isEmpty()) {
      return;
    }
    switchedOn.forEach(c -> c.validator = true);
    joiningAt.computeIfAbsent(height + 2, h -> new HashSet<>()).addAll(switchedOn);
    switchedOn.clear();
  }

  /** Why the node would refuse a transaction: its code, log, error data, and the HTTP status of the reply. */
  record Rejection(int httpStatus, int code, String log, Map<String, String> data) {}

  /** What {@code send_transaction} answers: the hash when accepted, otherwise the rejection. */
  record Submission(String hash, Rejection rejection) {}

  /** CheckTx, then the mempool: a transaction the node would accept waits for the next block. */
  Submission submit(byte[] raw) {
    synchronized (lock) {
      SimTransaction tx;
      try {
        tx = SimTransaction.decode(raw);
      } catch (IllegalArgumentException | ArithmeticException e) {
        return new Submission(null, new Rejection(400, 106, e.getMessage(), Map.of()));
      }
      if (seenTransactions.contains(tx.hash())) {
        return new Submission(null, new Rejection(409, 0, "tx already exists in cache", Map.of()));
      }
      Rejection rejection = check(tx, true);
      if (rejection != null) {
        return new Submission(null, rejection);
      }
      seenTransactions.add(tx.hash());
      mempool.add(tx);
      return new Submission(tx.hash(), null);
    }
  }

  /** The fee of a transaction in pip, as {@code estimate_tx_commission} reports it. */
  BigInteger fee(SimTransaction tx) {
    return SWITCH_FEE_PIP.multiply(BigInteger.valueOf(tx.gasPrice()));
  }

  private Rejection check(SimTransaction tx, boolean checkTx) {
    if (tx.chainId() != chainId) {
      return new Rejection(400, 115, "Wrong chain id",
          Map.of("current_chain_id", Integer.toString(chainId), "got_chain_id", Integer.toString(tx.chainId())));
    }
    if (tx.gasCoin() != 0) {
      return new Rejection(400, 102, "Coin " + tx.gasCoin() + " not exists", Map.of("coin_id", Long.toString(tx.gasCoin())));
    }
    if (checkTx && tx.gasPrice() < MIN_GAS_PRICE) {
      return new Rejection(400, 114, "Gas price of tx is too low to be included in mempool. Expected " + MIN_GAS_PRICE,
          Map.of("min_gas_price", Long.toString(MIN_GAS_PRICE), "got_gas_price", Long.toString(tx.gasPrice())));
    }
    String sender = senderOf(tx);
    long expected = account(sender).nonce + 1;
    if (tx.nonce() != expected) {
      return new Rejection(400, 101, "Unexpected nonce. Expected: " + expected + ", got " + tx.nonce() + ".",
          Map.of("expected_nonce", Long.toString(expected), "got_nonce", Long.toString(tx.nonce())));
    }
    if (tx.type() != SimTransaction.SET_CANDIDATE_OFF && tx.type() != SimTransaction.SET_CANDIDATE_ON) {
      return new Rejection(400, 106, "the simulator takes candidate switches only", Map.of());
    }
    Candidate c = byKey(tx.candidateKey());
    String key = "Mp" + HexFormat.of().formatHex(tx.candidateKey());
    if (c == null) {
      return new Rejection(400, 403, "Candidate with such public key (" + key + ") not found",
          Map.of("public_key", key));
    }
    if (!sender.equals(c.ownerAddress)) {
      return new Rejection(400, 406, "Sender is not an owner of a candidate", Map.of("sender", sender,
          "public_key", key, "owner", c.ownerAddress, "control", c.ownerAddress));
    }
    BigInteger fee = fee(tx);
    if (account(sender).balancePip.compareTo(fee) < 0) {
      return new Rejection(400, 107, "Insufficient funds for sender account: " + sender + ". Wanted " + fee + " BIP",
          Map.of("sender", sender, "needed_value", fee.toString(), "coin_symbol", "BIP", "coin_id", "0"));
    }
    if (tx.type() == SimTransaction.SET_CANDIDATE_ON && c.jailedUntil > latestHeight) {
      return new Rejection(400, 414, "Candidate is jailed", Map.of());
    }
    if (checkTx && mempool.stream().anyMatch(p -> senderOf(p).equals(sender))) {
      return new Rejection(400, 113, "Tx from " + sender + " already exists in mempool",
          Map.of("sender", sender, "block_height", Long.toString(latestHeight + 1)));
    }
    return null;
  }

  /**
   * The account whose key made the signature. A key the simulator does not know signs for an empty account
   * of its own, which the node would refuse for its nonce or its balance.
   */
  private String senderOf(SimTransaction tx) {
    for (Candidate c : candidates.values()) {
      if (c.owner.verifies(tx.signedHash(), tx.signature())) {
        return c.ownerAddress;
      }
    }
    return "Mx" + HexFormat.of().formatHex(tx.signature().r().toByteArray(), 0, 20);
  }

  private Candidate byKey(byte[] key) {
    String publicKey = "Mp" + HexFormat.of().formatHex(key);
    return candidates.values().stream().filter(c -> c.publicKey.equals(publicKey)).findFirst().orElse(null);
  }

  private Account account(String address) {
    return accounts.computeIfAbsent(address, a -> new Account());
  }

  /** An account's transaction count and base-coin balance in pip, for {@code /v2/address}. */
  record AccountState(long transactionCount, BigInteger balancePip) {}

  AccountState accountState(String address) {
    synchronized (lock) {
      Account a = accounts.get(address.toLowerCase(java.util.Locale.ROOT).replaceFirst("^mx", "Mx"));
      return a == null ? new AccountState(0, BigInteger.ZERO) : new AccountState(a.nonce, a.balancePip);
    }
  }

  /**
   * Starts a transaction signed by the owner of the candidate named {@code signer}; for a candidate's own
   * switch, {@code transaction("alice").candidateOff("alice")}.
   */
  public TransactionBuilder transaction(String signer) {
    return new TransactionBuilder(this, candidate(signer).owner, chainId);
  }

  /** The 32 bytes of the public key of the candidate with this name. */
  byte[] candidateKeyBytes(String name) {
    return HexFormat.of().parseHex(candidate(name).publicKey.substring(2));
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
    private int chainId = 1;
    private int validatorUpdatePeriod = 720;
    private long defaultBalance = 100;
    private final Map<String, Long> balances = new HashMap<>();
    private final Map<Long, Set<String>> doubleSigns = new HashMap<>();
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

    /** The chain id transactions must carry: 1 on the mainnet (the default), 2 on the testnet. */
    public Builder chainId(int id) {
      if (id < 1 || id > 255) {
        throw new IllegalArgumentException("chainId must be within 1..255, got " + id);
      }
      this.chainId = id;
      return this;
    }

    /** How often the app updates the validator set for candidates switched on (720 on the mainnet). */
    public Builder validatorUpdatePeriod(int blocks) {
      if (blocks <= 0) {
        throw new IllegalArgumentException("validatorUpdatePeriod must be positive, got " + blocks);
      }
      this.validatorUpdatePeriod = blocks;
      return this;
    }

    /** The base-coin balance of a candidate's owner account, in whole coins (default 100). */
    public Builder balance(String name, long coins) {
      if (coins < 0) {
        throw new IllegalArgumentException("balance of '" + name + "' must not be negative, got " + coins);
      }
      balances.put(Objects.requireNonNull(name, "name"), coins);
      return this;
    }

    /** Evidence that {@code name} signed twice arrives in block {@code height}. */
    public Builder doubleSign(String name, long height) {
      if (height < 2) {
        throw new IllegalArgumentException("double-sign evidence needs a height of at least 2, got " + height);
      }
      doubleSigns.computeIfAbsent(height, h -> new HashSet<>()).add(Objects.requireNonNull(name, "name"));
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
      Set<String> scripted = new HashSet<>(balances.keySet());
      doubleSigns.values().forEach(scripted::addAll);
      for (String name : scripted) {
        if (!stakes.containsKey(name)) {
          throw new IllegalStateException("balance() or doubleSign() names '" + name + "', which is not a declared candidate");
        }
      }
      return new MinterChain(this);
    }
  }
}
