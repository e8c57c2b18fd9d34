package io.valwatch.rpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Response;

/**
 * When one endpoint that failed may get its next request. It gets none until the time it asked for
 * ({@code Retry-After}, up to {@link #MAX_RETRY_AFTER}) or, when it did not say, an exponential back-off has
 * passed, doubling with every failure in a row: from {@link #BUSY_MIN} up to {@link #BUSY_MAX} when it was
 * {@linkplain Cause#BUSY busy}, from {@link #MIN} up to {@link #MAX} after any other
 * {@linkplain Cause#FAILED failure}. An error the node itself answered ({@linkplain Cause#REFUSED refused}) is
 * not a sign of overload and waits {@link #MIN}. A success ends the back-off.
 *
 * <p>Thread-safe: requests sent ahead report their outcome from other threads than the one choosing where the
 * next request goes.
 */
public final class EndpointBackoff {
  /** About one round of a chain's work: a passing error costs little. */
  public static final Duration MIN = Duration.ofMillis(250);
  /** The longest wait after failures in a row that were not 429 or 503. */
  public static final Duration MAX = Duration.ofSeconds(10);
  /** The first wait after a 429 or 503 without {@code Retry-After}. */
  public static final Duration BUSY_MIN = Duration.ofSeconds(1);
  /** The longest wait after 429s or 503s in a row without {@code Retry-After}. */
  public static final Duration BUSY_MAX = Duration.ofSeconds(60);
  /** A longer {@code Retry-After} is cut to this, so that a typo on the endpoint's side cannot silence it for days. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** Why a request failed, which decides how long the endpoint is left alone. */
  public enum Cause {
    /** {@code 429 Too Many Requests} or {@code 503 Service Unavailable}: the endpoint asks for less load. */
    BUSY,
    /** No answer, an HTTP error of a proxy, an unreadable answer. */
    FAILED,
    /** The node answered with its own error (a JSON-RPC error, Minter's {@code {"error":{…}}}). */
    REFUSED
  }

  private final Clock clock;
  private Duration next = MIN;
  private Instant until;

  /** @param clock tells when a back-off ends */
  public EndpointBackoff(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The cause of an HTTP error status: {@link Cause#BUSY} for 429 and 503, {@link Cause#FAILED} otherwise. */
  public static Cause causeOf(int httpStatus) {
    return httpStatus == 429 || httpStatus == 503 ? Cause.BUSY : Cause.FAILED;
  }

  /**
   * The delay a response's {@code Retry-After} header asks for, in seconds or as an HTTP date (counted from the
   * response's own {@code Date}, so that the two clocks need not agree); empty when absent or unreadable.
   */
  public static Optional<Duration> retryAfter(Response response) {
    return Optional.ofNullable(RetryAfter.of(response));
  }

  /** Records a failure the endpoint gave no {@code Retry-After} with; returns how long it is left alone. */
  public synchronized Duration failed(Cause cause) {
    Duration wait;
    if (cause == Cause.REFUSED) {
      wait = MIN;
    } else {
      Duration min = cause == Cause.BUSY ? BUSY_MIN : MIN;
      Duration max = cause == Cause.BUSY ? BUSY_MAX : MAX;
      wait = next.compareTo(min) < 0 ? min : next.compareTo(max) > 0 ? max : next;
      next = wait.multipliedBy(2);
    }
    until = clock.instant().plus(wait);
    return wait;
  }

  /**
   * Records a failure whose answer asked for {@code retryAfter}; returns how long the endpoint is left alone:
   * that long, up to {@link #MAX_RETRY_AFTER}.
   */
  public synchronized Duration failed(Cause cause, Duration retryAfter) {
    failed(cause);
    Duration wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    until = clock.instant().plus(wait);
    return wait;
  }

  /** Records a success: the next failure starts the back-off from the beginning. */
  public synchronized void succeeded() {
    next = MIN;
    until = null;
  }

  /** Whether the endpoint is still to be left alone. */
  public synchronized boolean backingOff() {
    return until != null && clock.instant().isBefore(until);
  }
}
