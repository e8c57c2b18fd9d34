package io.valwatch.internal.risk;

import io.valwatch.alert.Alert;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert as persisted: it was notified as firing and has not been notified as resolved.
 *
 * @param alert the alert, in state FIRING, with the severity last notified
 * @param lastNotifiedAt when it was last sent (firing, escalation or reminder)
 */
public record StoredAlert(Alert alert, Instant lastNotifiedAt) {
  public StoredAlert {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(lastNotifiedAt, "lastNotifiedAt");
  }
}
