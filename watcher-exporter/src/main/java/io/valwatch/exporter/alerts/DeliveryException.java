package io.valwatch.exporter.alerts;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to deliver a notification failed. The message says what the channel answered and never holds a
 * secret (a webhook URL, a bot token, a routing key).
 */
public final class DeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final transient Optional<Duration> retryAfter;

  /**
   * @param message what went wrong, without secrets
   * @param retryable whether trying again may succeed (a server error, rate limit or network error)
   * @param retryAfter how long the channel asked to wait before the next attempt, when it said so
   */
  public DeliveryException(String message, boolean retryable, Optional<Duration> retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** Whether trying again may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** How long the channel asked to wait before the next attempt. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
