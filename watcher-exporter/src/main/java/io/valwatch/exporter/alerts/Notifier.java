package io.valwatch.exporter.alerts;

import io.valwatch.alert.AlertNotification;

/**
 * Delivers notifications to one channel (a chat, a pager, an alert router). {@link AlertDispatcher} calls it
 * from the channel's own thread, one notification at a time, and owns filtering, queueing and retries; a
 * notifier makes one attempt per call.
 */
public interface Notifier extends AutoCloseable {
  /**
   * Makes one attempt to deliver {@code notification}.
   *
   * @throws DeliveryException when the channel did not accept it; {@link DeliveryException#retryable()} says
   *     whether another attempt may succeed
   */
  void send(AlertNotification notification) throws DeliveryException;

  /**
   * Whether this channel has anything to send for {@code notification}. A channel that tracks incidents itself
   * (PagerDuty) has nothing to say for a reminder, say. Defaults to every notification.
   */
  default boolean handles(AlertNotification notification) {
    return true;
  }

  /** Releases what the notifier holds. The default does nothing. */
  @Override
  default void close() {}
}
