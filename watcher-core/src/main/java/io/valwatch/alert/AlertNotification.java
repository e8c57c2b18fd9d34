package io.valwatch.alert;

import java.time.Instant;

/**
 * A notification to deliver: an alert that started firing, is still firing (a reminder), resolved, or a
 * test that a channel works.
 *
 * @param alert the alert
 * @param reason why it is sent now
 * @param at when the decision to send was made
 */
public record AlertNotification(Alert alert, Reason reason, Instant at) {
  /** Why a notification is sent. */
  public enum Reason {
    FIRING,
    REMINDER,
    RESOLVED,
    SELF_TEST
  }
}
