package io.valwatch.plugins.minter;

import io.valwatch.action.Action;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.plugins.minter.GuardCheck.State;
import io.valwatch.plugins.minter.GuardCheck.Verdict;
import io.valwatch.plugins.minter.MinterTransaction.InvalidTransactionException;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Minter validator's candidate-off guard: a pre-signed {@code SetCandidateOffline} transaction, checked
 * without being broadcast at start and every {@code checkInterval} ({@link #check()}; an unusable one raises
 * {@value #GUARD_UNARMED}), and broadcast once, through an {@link Action} for the
 * {@link io.valwatch.action.ActionEngine}, when the validator has missed {@code missed} of the last {@code of}
 * blocks. The transaction is never logged, printed or sent anywhere but to the chain's API.
 *
 * <pre>{@code
 * MinterGuard guard = MinterGuard.builder("minter-mainnet-5", endpoints, http)
 *     .validator("Mp…").transaction(System.getenv("MINTER_OFF_TX")).build();
 * ActionEngine engine = ActionEngine.builder().action(guard.action("guard-main")).store(store).build();
 * guard.startChecks(scheduler, alertListener);
 * }</pre>
 */
public final class MinterGuard implements AutoCloseable {
  /** The alert kind raised while the transaction would be refused: the validator is unprotected. */
  public static final String GUARD_UNARMED = "guard_unarmed";
  /** Absences that trigger the broadcast by default: 8 below the 13th, which Minter punishes. */
  public static final int DEFAULT_MISSED = 4;
  /** The window they are counted in by default: Minter's own 24 blocks. */
  public static final int DEFAULT_OF = 24;

  private static final Logger log = LoggerFactory.getLogger(MinterGuard.class);

  private final String chainId;
  private final String validatorKey;
  private final String transaction;
  private final int missed;
  private final int of;
  private final Duration checkInterval;
  private final Duration confirmTimeout;
  private final Duration pollInterval;
  private final Clock clock;
  private final EndpointGroup endpoints;
  private final GuardCheck check;
  private volatile Verdict verdict = new Verdict(State.UNCHECKED, "not checked yet");
  private Instant unarmedSince;
  /** Whether "armed" was logged since the last change, so that a check that finds nothing new logs nothing. */
  private boolean armedLogged;
  private ScheduledFuture<?> checks;

  private MinterGuard(Builder b) {
    this.chainId = b.chainId;
    this.validatorKey = Objects.requireNonNull(b.validatorKey, "validator");
    this.transaction = Objects.requireNonNull(b.transaction, "transaction");
    this.missed = b.missed;
    this.of = b.of;
    this.checkInterval = b.checkInterval;
    this.confirmTimeout = b.confirmTimeout;
    this.pollInterval = b.pollInterval;
    this.clock = b.clock;
    // The action's thread and the checks' thread each have their own group: a group serves one thread.
    this.endpoints = new EndpointGroup(b.chainId, b.endpoints, b.http, b.clock);
    this.check = new GuardCheck(new EndpointGroup(b.chainId, b.endpoints, b.http, b.clock), validatorKey);
    if (missed < 1 || missed > MinterOptions.MAX_ABSENT || of < missed || of > MinterOptions.WINDOW_BLOCKS) {
      throw new IllegalArgumentException("guard of " + validatorKey + ": missed must be within 1..12 and of within "
          + "missed..24 (Minter punishes the 13th absence in 24 blocks), got " + missed + " of " + of);
    }
  }

  /**
   * A guard on one chain.
   *
   * @param chainId the chain id the watcher knows the chain by
   * @param endpoints the chain's API v2 base URLs
   * @param http the client to ask them with
   */
  public static Builder builder(String chainId, List<RpcEndpoint> endpoints, OkHttpClient http) {
    return new Builder(chainId, endpoints, http);
  }

  /**
   * The action that broadcasts the transaction once the rule is met, with the guard's own trigger and
   * confirmer (the chain's absence counter on two endpoints when two are configured).
   *
   * @throws IllegalStateException when the transaction does not even decode: there is nothing to broadcast
   */
  public Action action(String name) {
    MinterTransaction tx;
    try {
      tx = MinterTransaction.decode(transaction);
    } catch (InvalidTransactionException e) {
      throw new IllegalStateException("guard of " + validatorKey + ": the transaction " + e.getMessage());
    }
    return Action.builder(name)
        .trigger(new MissedBlocksTrigger(chainId, consensusAddressHex(), validatorKey, missed, of))
        .effect(new GuardBroadcast(endpoints, tx, validatorKey, confirmTimeout, pollInterval))
        .confirmer(new GuardConfirmer(endpoints, validatorKey, missed, pollInterval))
        .cooldown(Duration.ZERO)
        .build();
  }

  /**
   * What makes {@code transaction} unusable whatever the chain's state: it does not decode, or it is not a
   * {@code SetCandidateOffline}; empty when it is one. The answer never contains the transaction.
   */
  public static Optional<String> problem(String transaction) {
    try {
      MinterTransaction tx = MinterTransaction.decode(transaction);
      return tx.type() == MinterTransaction.TYPE_SET_CANDIDATE_OFF ? Optional.empty()
          : Optional.of("it is a " + MinterTransaction.typeName(tx.type()) + ", not a SetCandidateOffline (0x0b)");
    } catch (InvalidTransactionException e) {
      return Optional.of("the transaction " + e.getMessage());
    }
  }

  /** The chain the guard watches. */
  public String chainId() {
    return chainId;
  }

  /** The public key ({@code Mp…}) of the validator it guards. */
  public String validatorKey() {
    return validatorKey;
  }

  /** Checks the transaction now, without broadcasting it; safe from any thread. */
  public GuardStatus check() {
    Verdict found = check.check(transaction);
    if (found.state() == State.UNCHECKED) {
      log.warn("guard of {}: the transaction could not be checked: {}", validatorKey, found.reason());
    } else {
      verdict = found;
    }
    return status();
  }

  /** The last verdict. */
  public GuardStatus status() {
    Verdict v = verdict;
    return new GuardStatus(v.state() == State.ARMED, v.state() == State.UNCHECKED, v.reason());
  }

  /**
   * Checks now and every {@code checkInterval} on {@code scheduler}, and tells {@code listener} when the guard
   * becomes unarmed ({@value #GUARD_UNARMED} firing) and armed again (resolved).
   */
  public synchronized void startChecks(ScheduledExecutorService scheduler, WatcherListener listener) {
    if (checks != null) {
      return;
    }
    checks = scheduler.scheduleWithFixedDelay(() -> {
      try {
        notifyChange(check(), listener);
      } catch (RuntimeException e) {
        log.error("guard of {}: check failed", validatorKey, e);
      }
    }, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void notifyChange(GuardStatus status, WatcherListener listener) {
    if (status.unchecked()) {
      return;
    }
    Instant now = clock.instant();
    if (!status.armed() && unarmedSince == null) {
      unarmedSince = now;
      log.error("guard of {} is unarmed, the validator is unprotected: {}", validatorKey, status.detail());
      listener.onAlert(new AlertNotification(alert(Alert.State.FIRING, status.detail()), AlertNotification.Reason.FIRING, now));
    } else if (status.armed() && unarmedSince != null) {
      log.info("guard of {} is armed again: {}", validatorKey, status.detail());
      listener.onAlert(new AlertNotification(alert(Alert.State.RESOLVED, status.detail()), AlertNotification.Reason.RESOLVED, now));
      unarmedSince = null;
    } else if (status.armed() && !armedLogged) {
      log.info("guard of {} is armed: {}", validatorKey, status.detail());
    }
    armedLogged = status.armed();
  }

  private Alert alert(Alert.State state, String detail) {
    return new Alert(new AlertKey(chainId, validatorKey, GUARD_UNARMED), Severity.CRITICAL, state,
        "Validator unprotected: the candidate-off guard of " + validatorKey + " cannot switch it off",
        "Its pre-signed SetCandidateOffline would be refused: " + detail + ". Sign a new one with the next nonce "
            + "of the owner or control address and restart valwatch with it.",
        unarmedSince, Map.of("identity", validatorKey));
  }

  private String consensusAddressHex() {
    return ValidatorIdentity.parse(validatorKey).consensusAddressHex().orElseThrow();
  }

  @Override
  public synchronized void close() {
    if (checks != null) {
      checks.cancel(false);
    }
  }

  /**
   * What the last check found.
   *
   * @param armed the transaction would be accepted now
   * @param unchecked no check has been answered yet
   * @param detail why not, or what the transaction is (its hash, sender and nonce; never the transaction)
   */
  public record GuardStatus(boolean armed, boolean unchecked, String detail) {}

  /** Configures a {@link MinterGuard}. */
  public static final class Builder {
    private final String chainId;
    private final List<RpcEndpoint> endpoints;
    private final OkHttpClient http;
    private String validatorKey;
    private String transaction;
    private int missed = DEFAULT_MISSED;
    private int of = DEFAULT_OF;
    private Duration checkInterval = Duration.ofMinutes(5);
    private Duration confirmTimeout = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();

    private Builder(String chainId, List<RpcEndpoint> endpoints, OkHttpClient http) {
      this.chainId = Objects.requireNonNull(chainId, "chainId");
      this.endpoints = List.copyOf(endpoints);
      this.http = Objects.requireNonNull(http, "http");
    }

    /** The validator's {@code Mp…} public key. */
    public Builder validator(String publicKey) {
      ValidatorIdentity id = ValidatorIdentity.parse(publicKey);
      if (id.kind() != ValidatorIdentity.Kind.MINTER_PUBLIC_KEY) {
        throw new IllegalArgumentException("a guard needs the validator's Mp… public key");
      }
      this.validatorKey = "Mp" + publicKey.substring(2).toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /** The signed transaction, {@code 0x…}; kept in memory only. */
    public Builder transaction(String signed) {
      this.transaction = Objects.requireNonNull(signed, "transaction").strip();
      return this;
    }

    /** Broadcast when this many of the last {@link #of} blocks were missed (default 4). */
    public Builder missed(int missed) {
      this.missed = missed;
      return this;
    }

    /** The window, in blocks (default 24). */
    public Builder of(int of) {
      this.of = of;
      return this;
    }

    /** How often the transaction is checked (default 5 minutes). */
    public Builder checkInterval(Duration interval) {
      this.checkInterval = positive(interval, "checkInterval");
      return this;
    }

    /** How long the candidate may take to go off after the broadcast (default 30 s, six blocks). */
    public Builder confirmTimeout(Duration timeout) {
      this.confirmTimeout = positive(timeout, "confirmTimeout");
      return this;
    }

    /** How often the API is asked again while confirming (default 1 s). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @throws IllegalArgumentException when the rule is not within Minter's window */
    public MinterGuard build() {
      return new MinterGuard(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
