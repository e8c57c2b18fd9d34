package io.valwatch.simnet;

import io.valwatch.identity.KeyType;
import io.valwatch.rpc.BlockIdFlag;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A simulated Cosmos SDK chain (or Initia chain) on CometBFT 0.38: a scripted validator set that produces blocks and commits
 * and applies the x/staking, x/slashing and x/evidence rules. Serve it with {@link SimnetServer}.
 *
 * <p>Rules followed:
 *
 * <ul>
 *   <li>Block {@code H} has time {@code genesisTime + H × blockInterval}; block 1 carries an empty last
 *       commit (height 0), block {@code H} the precommits for {@code H-1} by the set of {@code H-1}, in set
 *       order (power descending, then address ascending).
 *   <li>The proposer is chosen by CometBFT's weighted round robin over voting power (its proposer
 *       priorities, rescaling and centring included). A validator offline at a height does not propose
 *       there: the height is committed in the first round whose proposer is online, by that proposer, and
 *       its commit carries that round; round {@code r}'s proposer is the one CometBFT's {@code
 *       IncrementProposerPriority} picks {@code r} steps after round 0's. Header times stay on the block
 *       interval whatever the round (a real chain's block comes about a {@code timeout_propose} later per
 *       skipped round).
 *   <li>x/slashing (SDK 0.50): jailed validators are skipped; only ABSENT counts as missed; a validator is
 *       jailed at {@code H} when {@code H > start_height + window} and {@code missed_blocks_counter >
 *       window - round(min_signed_per_window × window)}.
 *   <li>Set changes decided while executing block {@code H} (jail, join, leave, token change, tombstone,
 *       unjail) appear in the validator set of {@code H+2}. CometBFT power is the staking voting power /
 *       10^6: the tokens with x/staking, the weighted sum of the base and LP denoms with Initia's x/mstaking
 *       ({@link StakingModule#INITIA}).
 * </ul>
 *
 * <p>Thread-safe: one lock guards the state, so a server can read while a producer thread writes.
 */
public final class SimulatedChain {
  private final Object lock = new Object();
  private final ChainState state;
  private final QueryRoutes queries;
  private final List<LongConsumer> blockListeners = new CopyOnWriteArrayList<>();
  private ScheduledFuture<?> producer;

  private SimulatedChain(ChainState state, boolean govV1beta1Only) {
    this.state = state;
    this.queries = QueryRoutes.of(state.config.stakingModule(), govV1beta1Only);
  }

  /**
   * A builder with the defaults: chain {@code simnet-1}, x/staking, prefix {@code cosmos}, denom
   * {@code stake}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The chain id. */
  public String chainId() {
    return state.config.chainId();
  }

  /** The staking module the chain runs. */
  public StakingModule stakingModule() {
    return state.config.stakingModule();
  }

  /** The bech32 account prefix, such as {@code cosmos} or {@code init}. */
  public String bech32Prefix() {
    return state.config.bech32Prefix();
  }

  /** The bond denom, the base denom on Initia. */
  public String bondDenom() {
    return state.config.bondDenom();
  }

  /** Initia's LP bond denom ({@code move/<64 hex>}), or {@code null} with x/staking. */
  public String lpDenom() {
    return state.config.lpDenom();
  }

  /** The latest produced height; 0 before the first block. */
  public long latestHeight() {
    synchronized (lock) {
      return state.latestHeight();
    }
  }

  /** The header time of {@code height}: genesis time plus {@code height} block intervals. */
  public Instant blockTime(long height) {
    return state.config.time(height);
  }

  /**
   * Produces up to {@code n} blocks at once, stopping early at a halt height.
   *
   * @return the number of blocks produced
   */
  public int produceBlocks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("block count must not be negative, got " + n);
    }
    int produced = 0;
    for (int i = 0; i < n; i++) {
      long height;
      synchronized (lock) {
        if (state.halted()) {
          break;
        }
        height = state.produce().height();
      }
      produced++;
      for (LongConsumer listener : blockListeners) {
        listener.accept(height);
      }
    }
    return produced;
  }

  /**
   * Produces one block every block interval of real time on {@code executor} until {@link #stopProducing()}.
   * Production stops for good if a block cannot be produced (its validator set would be empty).
   *
   * @throws IllegalStateException if already producing
   */
  public void startProducing(ScheduledExecutorService executor) {
    long period = state.config.blockInterval().toNanos();
    synchronized (lock) {
      if (producer != null) {
        throw new IllegalStateException("chain " + chainId() + " is already producing blocks");
      }
      producer = executor.scheduleAtFixedRate(() -> produceBlocks(1), period, period, TimeUnit.NANOSECONDS);
    }
  }

  /** Stops the production started by {@link #startProducing}; does nothing if it was not started. */
  public void stopProducing() {
    synchronized (lock) {
      if (producer != null) {
        producer.cancel(false);
        producer = null;
      }
    }
  }

  /** Produces no block after {@code height} until {@link #resume()}. */
  public void haltAt(long height) {
    synchronized (lock) {
      state.haltAt(height);
    }
  }

  /** Lifts a halt at the current height (and any earlier one), so blocks are produced again. */
  public void resume() {
    synchronized (lock) {
      state.resume();
    }
  }

  /** Whether the chain is halted at its latest height. */
  public boolean halted() {
    synchronized (lock) {
      return state.halted();
    }
  }

  /** A consistent snapshot of every validator's state and vote counts. */
  public ChainTruth truth() {
    synchronized (lock) {
      Map<String, ValidatorTruth> validators = new LinkedHashMap<>();
      for (SimValidator v : state.validators()) {
        if (v.created) {
          validators.put(v.name, ValidatorTruth.of(v));
        }
      }
      return new ChainTruth(state.latestHeight(), state.earliestHeight(), validators);
    }
  }

  /**
   * What happened at a produced height: its round, proposers and precommits.
   *
   * @throws IllegalArgumentException if the height is not produced yet or no longer retained
   */
  public HeightTruth heightTruth(long height) {
    synchronized (lock) {
      BlockRecord block = state.block(height);
      if (block == null) {
        throw new IllegalArgumentException("no block " + height + " retained; the chain holds "
            + state.earliestHeight() + ".." + state.latestHeight());
      }
      List<HeightTruth.Precommit> precommits = new ArrayList<>();
      for (ValidatorSetSnapshot.Member m : block.set().members) {
        precommits.add(new HeightTruth.Precommit(m.validator().name, m.power(), state.flag(m.validator(), height)));
      }
      return new HeightTruth(height, state.config.time(height), block.round(), block.proposer().name,
          block.set().proposer().validator().name, precommits);
    }
  }

  /**
   * The rolling window of {@code name} that ends at {@code height}: of the heights {@code height - size + 1 ..
   * height} (from 1), those it was in the validator set for and those it was absent at.
   *
   * @throws IllegalArgumentException if a height of the window is not retained
   */
  public WindowTruth window(String name, long height, int size) {
    long slots = 0;
    long missed = 0;
    for (long h = Math.max(1, height - size + 1); h <= height; h++) {
      BlockIdFlag flag = precommit(heightTruth(h), name);
      if (flag != null) {
        slots++;
        missed += flag == BlockIdFlag.ABSENT ? 1 : 0;
      }
    }
    return new WindowTruth(slots, missed);
  }

  /**
   * Heights in {@code from..to} at which {@code name} was absent while at least {@code othersSignedShare} of
   * the other members' power precommitted (the block or nil): misses of its own, not of the network.
   */
  public long soloMisses(String name, long from, long to, double othersSignedShare) {
    long solo = 0;
    for (long h = from; h <= to; h++) {
      HeightTruth height = heightTruth(h);
      if (precommit(height, name) != BlockIdFlag.ABSENT) {
        continue;
      }
      long others = 0;
      long signed = 0;
      for (HeightTruth.Precommit p : height.precommits()) {
        if (!p.name().equals(name)) {
          others += p.power();
          signed += p.flag() == BlockIdFlag.ABSENT ? 0 : p.power();
        }
      }
      solo += others > 0 && (double) signed / others >= othersSignedShare ? 1 : 0;
    }
    return solo;
  }

  /** Heights in {@code from..to} that {@code name} was due to propose in round 0 and a later round committed. */
  public long missedProposals(String name, long from, long to) {
    long missed = 0;
    for (long h = from; h <= to; h++) {
      HeightTruth height = heightTruth(h);
      missed += height.round() > 0 && height.roundZeroProposer().equals(name) ? 1 : 0;
    }
    return missed;
  }

  /** The flag of {@code name}'s precommit, {@code null} when it was not in the set. */
  private static BlockIdFlag precommit(HeightTruth height, String name) {
    for (HeightTruth.Precommit p : height.precommits()) {
      if (p.name().equals(name)) {
        return p.flag();
      }
    }
    return null;
  }

  /** Runs {@code reader} on the state under the lock. */
  <T> T read(Function<ChainState, T> reader) {
    synchronized (lock) {
      return reader.apply(state);
    }
  }

  /** The query methods served over abci_query, gRPC and REST. */
  QueryRoutes queries() {
    return queries;
  }

  /** Called with each new height after the block is produced, outside the lock. */
  void addBlockListener(LongConsumer listener) {
    blockListeners.add(listener);
  }

  void removeBlockListener(LongConsumer listener) {
    blockListeners.remove(listener);
  }

  /**
   * Configures a {@link SimulatedChain}. Scenario steps are keyed by height and may be given in any order;
   * names must belong to a validator declared with {@link #validator} or introduced with {@link #join}.
   */
  public static final class Builder {
    private String chainId = "simnet-1";
    private StakingModule stakingModule = StakingModule.COSMOS_SDK;
    private String bech32Prefix;
    private String lpDenom;
    private BigDecimal lpWeight;
    private Instant genesisTime = Instant.parse("2024-01-01T00:00:00Z");
    private Duration blockInterval = Duration.ofSeconds(1);
    private String bondDenom;
    private int maxValidators = 100;
    private long signedBlocksWindow = 100;
    private BigDecimal minSignedPerWindow = new BigDecimal("0.5");
    private Duration downtimeJailDuration = Duration.ofMinutes(10);
    private BigDecimal slashFractionDoubleSign = new BigDecimal("0.05");
    private BigDecimal slashFractionDowntime = new BigDecimal("0.01");
    private long earliestAvailableHeight = 1;
    private int retainBlocks = 100_000;
    private final Map<String, ChainConfig.GenesisValidator> genesis = new LinkedHashMap<>();
    private final Scenario.Recorder scenario = new Scenario.Recorder();
    private final Set<Long> halts = new HashSet<>();
    private boolean govV1beta1Only;

    private Builder() {}

    /** The chain id (default {@code simnet-1}). */
    public Builder chainId(String chainId) {
      this.chainId = requireText(chainId, "chainId");
      return this;
    }

    /**
     * The staking module (default {@link StakingModule#COSMOS_SDK}). {@link StakingModule#INITIA} changes
     * the defaults of the prefix to {@code init} and of the bond denom to {@code uinit}, and enables
     * {@link #lpDenom} and {@link #validator(String, long, long)}.
     */
    public Builder stakingModule(StakingModule module) {
      this.stakingModule = Objects.requireNonNull(module, "stakingModule");
      return this;
    }

    /**
     * Initia only: the LP bond denom, {@code move/} and 64 lower-case hex digits, and its voting power
     * weight, a positive decimal such as {@code "0.5"} (default: a denom derived from the chain id, weight
     * 0.5). A validator's voting power is {@code tokens + trunc(weight × lpTokens)}.
     */
    public Builder lpDenom(String denom, String weight) {
      if (denom == null || !denom.matches("move/[0-9a-f]{64}")) {
        throw new IllegalArgumentException("lpDenom must be move/ and 64 lower-case hex digits, got " + denom);
      }
      BigDecimal parsed;
      try {
        parsed = new BigDecimal(weight);
      } catch (NumberFormatException | NullPointerException e) {
        throw new IllegalArgumentException("lpDenom weight must be a decimal like \"0.5\", got " + weight, e);
      }
      if (parsed.signum() <= 0 || parsed.scale() > 18) {
        throw new IllegalArgumentException(
            "lpDenom weight must be positive with at most 18 decimal places, got " + weight);
      }
      this.lpDenom = denom;
      this.lpWeight = parsed;
      return this;
    }

    /** The bech32 account prefix (default {@code cosmos}, {@code init} on Initia); {@code valoper}/{@code valcons} are appended. */
    public Builder bech32Prefix(String prefix) {
      this.bech32Prefix = requireText(prefix, "bech32Prefix");
      return this;
    }

    /** The genesis time (default 2024-01-01T00:00:00Z); block {@code H} is {@code H} intervals later. */
    public Builder genesisTime(Instant genesisTime) {
      this.genesisTime = Objects.requireNonNull(genesisTime, "genesisTime");
      return this;
    }

    /** Time between blocks, in header times and in real time when producing (default 1 s). */
    public Builder blockInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("blockInterval must be positive, got " + interval);
      }
      this.blockInterval = interval;
      return this;
    }

    /** The staking bond denom (default {@code stake}, {@code uinit} on Initia). */
    public Builder bondDenom(String denom) {
      this.bondDenom = requireText(denom, "bondDenom");
      return this;
    }

    /** Staking's {@code max_validators} (default 100). */
    public Builder maxValidators(int maxValidators) {
      this.maxValidators = (int) positive(maxValidators, "maxValidators");
      return this;
    }

    /** x/slashing's {@code signed_blocks_window} (default 100). */
    public Builder signedBlocksWindow(long window) {
      this.signedBlocksWindow = positive(window, "signedBlocksWindow");
      return this;
    }

    /** x/slashing's {@code min_signed_per_window} as a decimal string such as {@code "0.5"} (the default). */
    public Builder minSignedPerWindow(String fraction) {
      this.minSignedPerWindow = Encoding.fraction(fraction, "minSignedPerWindow");
      return this;
    }

    /** x/slashing's {@code downtime_jail_duration} (default 10 minutes). */
    public Builder downtimeJailDuration(Duration duration) {
      if (duration.isNegative()) {
        throw new IllegalArgumentException("downtimeJailDuration must not be negative, got " + duration);
      }
      this.downtimeJailDuration = duration;
      return this;
    }

    /** x/slashing's {@code slash_fraction_double_sign} (default {@code "0.05"}). */
    public Builder slashFractionDoubleSign(String fraction) {
      this.slashFractionDoubleSign = Encoding.fraction(fraction, "slashFractionDoubleSign");
      return this;
    }

    /** x/slashing's {@code slash_fraction_downtime} (default {@code "0.01"}). */
    public Builder slashFractionDowntime(String fraction) {
      this.slashFractionDowntime = Encoding.fraction(fraction, "slashFractionDowntime");
      return this;
    }

    /** A genesis validator with an ed25519 consensus key derived from its name. */
    public Builder validator(String name, long tokens) {
      return genesisValidator(name, tokens, 0, KeyType.ED25519);
    }

    /**
     * Initia only: a genesis validator bonding {@code tokens} of the base denom and {@code lpTokens} of the
     * LP denom, with an ed25519 consensus key derived from its name.
     */
    public Builder validator(String name, long tokens, long lpTokens) {
      if (lpTokens < 0) {
        throw new IllegalArgumentException("lpTokens of " + name + " must not be negative, got " + lpTokens);
      }
      return genesisValidator(name, tokens, lpTokens, KeyType.ED25519);
    }

    /** A genesis validator with a (made-up, well-formed) secp256k1 consensus key derived from its name. */
    public Builder secp256k1Validator(String name, long tokens) {
      return genesisValidator(name, tokens, 0, KeyType.SECP256K1);
    }

    /** The validator's precommits for heights {@code fromHeight..toHeight} are ABSENT. */
    public Builder offline(String name, long fromHeight, long toHeight) {
      checkRange(fromHeight, toHeight, "offline " + name);
      scenario.absent(requireText(name, "name"), fromHeight, toHeight);
      return this;
    }

    /** The validator precommits nil (flag 3) for heights {@code fromHeight..toHeight}. */
    public Builder nilVotes(String name, long fromHeight, long toHeight) {
      checkRange(fromHeight, toHeight, "nilVotes " + name);
      scenario.nil(requireText(name, "name"), fromHeight, toHeight);
      return this;
    }

    /**
     * At block {@code atHeight} a validator (new, or one that left) bonds {@code tokens}; it joins the set of
     * {@code atHeight + 2}. A new name gets an ed25519 key derived from it.
     */
    public Builder join(String name, long atHeight, long tokens) {
      scenario.step(new Scenario.Join(requireText(name, "name"), positive(atHeight, "join height"),
          positive(tokens, "join tokens")));
      return this;
    }

    /** At block {@code atHeight} the validator unbonds; it leaves the set of {@code atHeight + 2}. */
    public Builder leave(String name, long atHeight) {
      scenario.step(new Scenario.Leave(requireText(name, "name"), positive(atHeight, "leave height")));
      return this;
    }

    /**
     * At block {@code atHeight} the validator's tokens (in the base denom on Initia) become {@code tokens}
     * (delegation change).
     */
    public Builder setTokens(String name, long atHeight, long tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("setTokens " + name + ": tokens must not be negative, got " + tokens);
      }
      scenario.step(new Scenario.SetTokens(requireText(name, "name"), positive(atHeight, "setTokens height"), tokens));
      return this;
    }

    /**
     * Block {@code atHeight} carries DuplicateVoteEvidence for the validator's votes at {@code atHeight - 1};
     * x/evidence slashes, jails until 9999-12-31T23:59:59Z and tombstones it. Ignored if it was not in the set
     * of {@code atHeight - 1} or is already tombstoned.
     */
    public Builder doubleSign(String name, long atHeight) {
      if (atHeight < 2) {
        throw new IllegalArgumentException("doubleSign " + name + ": height must be at least 2, got " + atHeight);
      }
      scenario.step(new Scenario.DoubleSign(requireText(name, "name"), atHeight));
      return this;
    }

    /**
     * A MsgUnjail at block {@code atHeight}. Like on a real chain it has no effect while the validator is
     * tombstoned or before its {@code jailed_until}; otherwise it re-enters the set of {@code atHeight + 2}.
     */
    public Builder unjail(String name, long atHeight) {
      scenario.step(new Scenario.Unjail(requireText(name, "name"), positive(atHeight, "unjail height")));
      return this;
    }

    /**
     * A gov v1 proposal in its voting period from block {@code votingStartHeight} until block {@code
     * votingEndHeight}, whose time is its {@code voting_end_time}; then it has passed.
     */
    public Builder proposal(long id, String title, long votingStartHeight, long votingEndHeight) {
      checkRange(votingStartHeight, votingEndHeight - 1, "proposal " + id);
      scenario.proposal(new Scenario.Proposal(positive(id, "proposal id"), requireText(title, "title"),
          votingStartHeight, votingEndHeight));
      return this;
    }

    /**
     * A MsgVote (YES) of the validator's account, the operator address's bytes under the account prefix, on
     * a proposal at block {@code atHeight}; like on a real chain it has no effect outside the voting period.
     */
    public Builder vote(String name, long proposalId, long atHeight) {
      scenario.step(new Scenario.Vote(requireText(name, "name"), positive(atHeight, "vote height"), proposalId));
      return this;
    }

    /**
     * From block {@code scheduledAtHeight} the upgrade module's current plan is {@code name} at {@code height}
     * with {@code info}, until block {@code height}; a plan scheduled later replaces it.
     */
    public Builder upgradePlan(String name, long height, String info, long scheduledAtHeight) {
      checkRange(scheduledAtHeight, height - 1, "upgradePlan " + name);
      scenario.plan(new Scenario.UpgradePlan(requireText(name, "name"), height, info, scheduledAtHeight));
      return this;
    }

    /**
     * Serves governance as a chain before Cosmos SDK 0.46 does: {@code cosmos.gov.v1beta1.Query} Proposals and
     * Vote, and no gov v1 queries (unknown to {@code abci_query}, UNIMPLEMENTED over gRPC, 404 over REST). A
     * proposal's content is a {@code TextProposal}, or a {@code SoftwareUpgradeProposal} holding the upgrade
     * plan scheduled in the block its voting ends, as passing it schedules that plan.
     */
    public Builder govV1beta1Only() {
      this.govV1beta1Only = true;
      return this;
    }

    /** No block is produced after {@code height} until {@link SimulatedChain#resume()}. */
    public Builder haltAt(long height) {
      halts.add(positive(height, "haltAt height"));
      return this;
    }

    /** Simulates a pruned node: heights below this answer CometBFT's "not available" error. */
    public Builder earliestAvailableHeight(long height) {
      this.earliestAvailableHeight = positive(height, "earliestAvailableHeight");
      return this;
    }

    /** How many recent blocks to keep (default 100,000); older heights answer as pruned. */
    public Builder retainBlocks(int blocks) {
      this.retainBlocks = (int) positive(blocks, "retainBlocks");
      return this;
    }

    /**
     * Builds the chain at height 0 with its genesis validators bonded.
     *
     * @throws IllegalArgumentException if there is no validator or a step names an unknown validator
     */
    public SimulatedChain build() {
      if (genesis.isEmpty()) {
        throw new IllegalArgumentException("a simulated chain needs at least one genesis validator");
      }
      Set<String> known = new HashSet<>(genesis.keySet());
      scenario.steps().stream().filter(s -> s instanceof Scenario.Join).forEach(s -> known.add(s.name()));
      List<String> names = new ArrayList<>();
      scenario.rangeNames().forEach(names::add);
      scenario.steps().forEach(s -> names.add(s.name()));
      for (String name : names) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException("scenario step names unknown validator '" + name
              + "'; declare it with validator(...) or join(...)");
        }
      }
      for (Scenario.Step step : scenario.steps()) {
        if (step instanceof Scenario.Vote vote && !scenario.hasProposal(vote.proposalId())) {
          throw new IllegalArgumentException("vote of '" + vote.name() + "' names unknown proposal "
              + vote.proposalId() + "; declare it with proposal(...)");
        }
      }
      boolean initia = stakingModule == StakingModule.INITIA;
      if (!initia && (lpDenom != null || genesis.values().stream().anyMatch(g -> g.lpTokens() > 0))) {
        throw new IllegalArgumentException("LP denoms and LP tokens need stakingModule(StakingModule.INITIA)");
      }
      String lp = null;
      BigDecimal weight = null;
      if (initia) {
        lp = lpDenom != null ? lpDenom : "move/" + HexFormat.of().formatHex(Encoding.sha256("lp/" + chainId));
        weight = lpWeight != null ? lpWeight : new BigDecimal("0.5");
      }
      String prefix = bech32Prefix != null ? bech32Prefix : initia ? "init" : "cosmos";
      String denom = bondDenom != null ? bondDenom : initia ? "uinit" : "stake";
      ChainConfig config = new ChainConfig(chainId, prefix, genesisTime, blockInterval, denom,
          maxValidators, signedBlocksWindow, minSignedPerWindow, downtimeJailDuration, slashFractionDoubleSign,
          slashFractionDowntime, earliestAvailableHeight, retainBlocks, List.copyOf(genesis.values()),
          stakingModule, lp, weight);
      return new SimulatedChain(new ChainState(config, scenario.build(), halts), govV1beta1Only);
    }

    private Builder genesisValidator(String name, long tokens, long lpTokens, KeyType keyType) {
      requireText(name, "name");
      if (genesis.containsKey(name)) {
        throw new IllegalArgumentException("validator '" + name + "' is declared twice");
      }
      genesis.put(name,
          new ChainConfig.GenesisValidator(name, positive(tokens, "tokens of " + name), lpTokens, keyType));
      return this;
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return value;
    }

    private static long positive(long value, String what) {
      if (value <= 0) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }

    private static void checkRange(long from, long to, String what) {
      if (from < 1 || to < from) {
        throw new IllegalArgumentException(what + ": need 1 <= fromHeight <= toHeight, got " + from + ".." + to);
      }
    }
  }
}
