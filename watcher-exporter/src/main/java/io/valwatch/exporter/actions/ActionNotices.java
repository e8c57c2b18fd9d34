package io.valwatch.exporter.actions;

import io.valwatch.action.ActionAttempt;
import io.valwatch.action.ActionListener;
import io.valwatch.action.Occurrence;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.event.WatcherListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends every attempt of an action to the alert channels as a one-shot alert of kind {@code action_<name>}
 * about the occurrence's subject: its severity is the outcome's (a run that failed or an action held back
 * while disarmed is critical, a run warning, a dry run info), its labels the occurrence's plus
 * {@code action}, {@code outcome} and {@code trigger} (the alert kind that triggered it).
 */
public final class ActionNotices implements ActionListener {
  /** The kind of action notices: {@code action_} and the action's name. */
  public static final String KIND_PREFIX = "action_";

  private final WatcherListener channels;

  /** @param channels where the notices go: the exporter's alert dispatcher */
  public ActionNotices(WatcherListener channels) {
    this.channels = channels;
  }

  @Override
  public void onAttempt(ActionAttempt attempt) {
    channels.onAlert(new AlertNotification(alert(attempt), AlertNotification.Reason.FIRING, attempt.at()));
  }

  static Alert alert(ActionAttempt attempt) {
    Occurrence o = attempt.occurrence();
    Map<String, String> labels = new LinkedHashMap<>(o.labels());
    labels.put("action", attempt.action());
    labels.put("outcome", attempt.outcome().label());
    labels.put("trigger", o.kind());
    return new Alert(
        new AlertKey(o.chainId(), o.subject(), KIND_PREFIX + attempt.action()),
        attempt.outcome().severity(),
        Alert.State.FIRING,
        "action " + attempt.action() + " " + attempt.outcome().label().replace('_', ' ') + ": " + o.summary(),
        attempt.detail() + ". Its effect: " + attempt.effect() + ". Triggered by " + o.kind() + " ("
            + o.severity().name().toLowerCase(java.util.Locale.ROOT) + "), episode " + o.episode() + ".",
        attempt.at(),
        labels);
  }
}
