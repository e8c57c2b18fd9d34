package io.valwatch.exporter.alerts;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import java.time.Instant;
import java.util.Map;

/** Notifications for tests. */
final class Samples {
  static final Instant SINCE = Instant.parse("2024-05-01T02:58:00Z");
  static final Instant AT = Instant.parse("2024-05-01T03:00:00Z");
  static final String VALIDATOR = "cosmosvaloper1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqt5yc0q";

  private Samples() {}

  static Alert jailImminent(Severity severity, Alert.State state) {
    return new Alert(
        new AlertKey("cosmoshub-4", VALIDATOR, "jail_imminent"),
        severity,
        state,
        "Validator <Stake & Co> is 12 blocks from jail",
        "Missed 9988 of the last 10000 blocks; jailed after 12 more misses.",
        SINCE,
        Map.of("moniker", "Stake & Co", "label", "main"));
  }

  static AlertNotification notification(Severity severity, Reason reason) {
    Alert.State state = reason == Reason.RESOLVED ? Alert.State.RESOLVED : Alert.State.FIRING;
    return new AlertNotification(jailImminent(severity, state), reason, AT);
  }

  static AlertNotification about(String kind, Severity severity, Reason reason) {
    Alert.State state = reason == Reason.RESOLVED ? Alert.State.RESOLVED : Alert.State.FIRING;
    Alert alert =
        new Alert(
            new AlertKey("cosmoshub-4", VALIDATOR, kind),
            severity,
            state,
            kind + " summary",
            kind + " description",
            SINCE,
            Map.of());
    return new AlertNotification(alert, reason, AT);
  }
}
