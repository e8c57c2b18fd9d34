package io.valwatch.simnet.fault;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link Fault} applied to the calls a {@link FaultProxy} sees, by name: a CometBFT RPC method such as
 * {@code "status"} or {@code "block"} (URI GET or JSON-RPC POST alike), {@value #WEBSOCKET} for a websocket
 * upgrade, and {@value #NEW_BLOCK} for each {@code NewBlock} event pushed over a websocket.
 *
 * <pre>{@code
 * FaultRule.on("status").times(1).fault(Fault.statusHeight(h -> h + 1_000_000)).build();
 * FaultRule.on(FaultRule.NEW_BLOCK).after(3).fault(Fault.drop()).build();   // silent after 3 blocks
 * FaultRule.onEveryCall().fault(Fault.latency(Duration.ofMillis(50))).build();
 * }</pre>
 *
 * <p>With {@link Builder#after(long)} a rule lets the first calls it matches through (counting every one,
 * whatever other rules do to it); with {@link Builder#times(long)} it applies its fault that many times and
 * then lets calls through again. A rule keeps
 * its counts (and a rate limit its window) for its life, so add a new rule to start over.
 */
public final class FaultRule {
  /** The name of a websocket upgrade request. */
  public static final String WEBSOCKET = "websocket";
  /** The name of a {@code NewBlock} event pushed over a websocket. */
  public static final String NEW_BLOCK = "NewBlock";

  private final Set<String> calls;
  private final long after;
  private final long times;
  private final Fault fault;
  private long matched;
  private final AtomicLong hits = new AtomicLong();
  private long windowStart = Long.MIN_VALUE;
  private long windowCalls;

  private FaultRule(Builder b) {
    this.calls = b.calls;
    this.after = b.after;
    this.times = b.times;
    this.fault = Objects.requireNonNull(b.fault, "fault");
  }

  /** A rule for the calls named {@code calls}. */
  public static Builder on(String... calls) {
    if (calls.length == 0) {
      throw new IllegalArgumentException("name at least one call, or use onEveryCall()");
    }
    return new Builder(Set.copyOf(Arrays.asList(calls)));
  }

  /** A rule for every HTTP call, websocket upgrades included; websocket events are not calls. */
  public static Builder onEveryCall() {
    return new Builder(Set.of());
  }

  /** The fault this rule applies. */
  public Fault fault() {
    return fault;
  }

  /** How many calls this rule has applied its fault to. */
  public long hits() {
    return hits.get();
  }

  boolean matches(String call) {
    return calls.isEmpty() ? !call.equals(NEW_BLOCK) : calls.contains(call);
  }

  /** A fault applied to one call; {@code retryAfterSeconds} is what a refusing rate limit announces. */
  record Applied(Fault fault, long retryAfterSeconds) {}

  /**
   * Counts a matching call and returns the fault applied to it, or {@code null} when it passes. Every
   * matching call counts towards {@code after}, whatever other rules do to it; only calls the fault is applied
   * to count towards {@code times}. When another rule already {@code decided} the answer, only a delay still
   * applies.
   */
  synchronized Applied claim(String call, boolean decided) {
    if (!matches(call)) {
      return null;
    }
    long n = matched++;
    if (n < after || hits.get() >= times || (decided && !fault.delaysOnly())) {
      return null;
    }
    long retryAfter = 0;
    if (fault.kind == Fault.Kind.RATE_LIMIT) {
      retryAfter = rateLimitRetryAfterSeconds();
      if (retryAfter < 0) {
        return null;
      }
    }
    hits.incrementAndGet();
    return new Applied(fault, retryAfter);
  }

  /**
   * For a rate limit: counts the call in the current fixed window and returns -1 while within the permits,
   * else the whole seconds left in the window, rounded up.
   */
  private long rateLimitRetryAfterSeconds() {
    long now = System.nanoTime();
    long window = fault.duration.toNanos();
    if (windowStart == Long.MIN_VALUE || now - windowStart >= window) {
      windowStart = now;
      windowCalls = 0;
    }
    windowCalls++;
    if (windowCalls <= fault.size) {
      return -1;
    }
    long left = window - (now - windowStart);
    return Math.max(1, (left + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
  }

  @Override
  public String toString() {
    return (calls.isEmpty() ? "every call" : String.join(",", calls))
        + (after > 0 ? " after " + after : "")
        + (times < Long.MAX_VALUE ? " " + times + " times" : "")
        + ": " + fault;
  }

  /** Configures a {@link FaultRule}. */
  public static final class Builder {
    private final Set<String> calls;
    private long after;
    private long times = Long.MAX_VALUE;
    private Fault fault;

    private Builder(Set<String> calls) {
      this.calls = calls;
    }

    /** Lets the first {@code calls} matching calls through untouched by this rule (default 0). */
    public Builder after(long calls) {
      if (calls < 0) {
        throw new IllegalArgumentException("after must not be negative, got " + calls);
      }
      this.after = calls;
      return this;
    }

    /** Applies the fault at most {@code calls} times (default: to every matching call). */
    public Builder times(long calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("times must be positive, got " + calls);
      }
      this.times = calls;
      return this;
    }

    /** The fault to apply (required). */
    public Builder fault(Fault fault) {
      this.fault = Objects.requireNonNull(fault, "fault");
      return this;
    }

    public FaultRule build() {
      return new FaultRule(this);
    }
  }
}
