package io.valwatch.exporter.alerts;

import io.valwatch.alert.Severity;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one channel filters and retries.
 *
 * @param minSeverity notifications below this are not sent (a resolve of an alert the channel was told about
 *     always is)
 * @param quietHours when non-critical notifications are held; empty for none
 * @param timeout the limit for one request, connecting, sending and reading included
 * @param maxAttempts how many times one notification is tried before it counts as failed
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between attempts, also the cap on a server's {@code Retry-After}
 */
public record ChannelPolicy(
    Severity minSeverity,
    Optional<QuietHours> quietHours,
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff) {
  /** Every severity, no quiet hours, 10 s timeout, 5 attempts, 1 s backoff doubling up to 5 min. */
  public static final ChannelPolicy DEFAULT =
      new ChannelPolicy(
          Severity.INFO, Optional.empty(), Duration.ofSeconds(10), 5, Duration.ofSeconds(1), Duration.ofMinutes(5));

  public ChannelPolicy {
    Objects.requireNonNull(minSeverity, "minSeverity");
    Objects.requireNonNull(quietHours, "quietHours");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be longer than zero");
    }
  }

  /** The wait before attempt {@code failedAttempts + 1}: the initial backoff doubled per earlier failure, capped. */
  Duration backoff(int failedAttempts) {
    Duration wait = initialBackoff;
    for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /** This policy with another minimum severity. */
  public ChannelPolicy withMinSeverity(Severity severity) {
    return new ChannelPolicy(severity, quietHours, timeout, maxAttempts, initialBackoff, maxBackoff);
  }

  /** This policy with quiet hours. */
  public ChannelPolicy withQuietHours(QuietHours hours) {
    return new ChannelPolicy(minSeverity, Optional.of(hours), timeout, maxAttempts, initialBackoff, maxBackoff);
  }

  /** This policy with another per-request timeout. */
  public ChannelPolicy withTimeout(Duration limit) {
    return new ChannelPolicy(minSeverity, quietHours, limit, maxAttempts, initialBackoff, maxBackoff);
  }

  /** This policy with another attempt limit. */
  public ChannelPolicy withMaxAttempts(int attempts) {
    return new ChannelPolicy(minSeverity, quietHours, timeout, attempts, initialBackoff, maxBackoff);
  }
}
