package io.valwatch.simnet;

import io.valwatch.identity.KeyType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * A simulated Cosmos SDK chain on CometBFT 0.38: a scripted validator set that produces blocks and commits
 * and applies the x/staking, x/slashing and x/evidence rules. Serve it with {@link SimnetServer}.
 *
 * <p>Rules followed:
 *
 * <ul>
 *   <li>Block {@code H} has time {@code genesisTime + H × blockInterval}; block 1 carries an empty last
 *       commit (height 0), block {@code H} the precommits for {@code H-1} by the set of {@code H-1}, in set
 *       order (power descending, then address ascending).
 *   <li>The proposer is chosen by weighted round robin over voting power (CometBFT's proposer priority,
 *       without its rescaling).
 *   <li>x/slashing (SDK 0.50): jailed validators are skipped; only ABSENT counts as missed; a validator is
 *       jailed at {@code H} when {@code H > start_height + window} and {@code missed_blocks_counter >
 *       window - round(min_signed_per_window × window)}.
 *   <li>Set changes decided while executing block {@code H} (jail, join, leave, token change, tombstone,
 *       unjail) appear in the validator set of {@code H+2}. CometBFT power is tokens / 10^6.
 * </ul>
 *
 * <p>Thread-safe: one lock guards the state, so a server can read while a producer thread writes.
 */
public final class SimulatedChain {
  private final Object lock = new Object();
  private final ChainState state;
  private final List<LongConsumer> blockListeners = new CopyOnWriteArrayList<>();
  private ScheduledFuture<?> producer;

  private SimulatedChain(ChainState state) {
    this.state = state;
  }

  /** A builder with the defaults: chain {@code simnet-1}, prefix {@code cosmos}, denom {@code stake}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The chain id. */
  public String chainId() {
    return state.config.chainId();
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

  /** Runs {@code reader} on the state under the lock. */
  <T> T read(Function<ChainState, T> reader) {
    synchronized (lock) {
      return reader.apply(state);
    }
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
    private String bech32Prefix = "cosmos";
    private Instant genesisTime = Instant.parse("2024-01-01T00:00:00Z");
    private Duration blockInterval = Duration.ofSeconds(1);
    private String bondDenom = "stake";
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

    private Builder() {}

    /** The chain id (default {@code simnet-1}). */
    public Builder chainId(String chainId) {
      this.chainId = requireText(chainId, "chainId");
      return this;
    }

    /** The bech32 account prefix (default {@code cosmos}); {@code valoper}/{@code valcons} are appended. */
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

    /** The staking bond denom (default {@code stake}). */
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
      return genesisValidator(name, tokens, KeyType.ED25519);
    }

    /** A genesis validator with a (made-up, well-formed) secp256k1 consensus key derived from its name. */
    public Builder secp256k1Validator(String name, long tokens) {
      return genesisValidator(name, tokens, KeyType.SECP256K1);
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

    /** At block {@code atHeight} the validator's tokens become {@code tokens} (delegation change). */
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
      ChainConfig config = new ChainConfig(chainId, bech32Prefix, genesisTime, blockInterval, bondDenom,
          maxValidators, signedBlocksWindow, minSignedPerWindow, downtimeJailDuration, slashFractionDoubleSign,
          slashFractionDowntime, earliestAvailableHeight, retainBlocks, List.copyOf(genesis.values()));
      return new SimulatedChain(new ChainState(config, scenario.build(), halts));
    }

    private Builder genesisValidator(String name, long tokens, KeyType keyType) {
      requireText(name, "name");
      if (genesis.containsKey(name)) {
        throw new IllegalArgumentException("validator '" + name + "' is declared twice");
      }
      genesis.put(name, new ChainConfig.GenesisValidator(name, positive(tokens, "tokens of " + name), keyType));
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
