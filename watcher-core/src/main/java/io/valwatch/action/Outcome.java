package io.valwatch.action;

import io.valwatch.alert.Severity;
import java.util.Locale;

/**
 * How one attempt of an action ended: the effect ran ({@link #SUCCEEDED}, {@link #FAILED},
 * {@link #TIMED_OUT}), would have run ({@link #DRY_RUN}), or an interlock held it back. The lower-case name
 * is the {@code outcome} label of {@code valwatch_actions_total}.
 */
public enum Outcome {
  /** The effect ran and reported success. The action is now disarmed. */
  SUCCEEDED(Severity.WARNING),
  /** The effect ran and failed. The action is now disarmed: whatever it did halfway is not repeated. */
  FAILED(Severity.CRITICAL),
  /** The effect ran out of time; what it did is unknown. The action is now disarmed. */
  TIMED_OUT(Severity.CRITICAL),
  /** {@code dry_run}: every interlock let it through, and what would have run was logged instead. */
  DRY_RUN(Severity.INFO),
  /** The action was disarmed by an earlier run and has not been re-armed. */
  DISARMED(Severity.CRITICAL),
  /** The action ran less than its cooldown ago. */
  COOLDOWN(Severity.WARNING),
  /** A second endpoint contradicts the trigger; asked again while the episode lasts. */
  CONTRADICTED(Severity.WARNING),
  /** Two or more endpoints are configured and no second one confirmed; asked again while the episode lasts. */
  UNCONFIRMED(Severity.WARNING),
  /** The run could not be recorded in the state directory first, so it did not run: it could repeat. */
  STATE_NOT_SAVED(Severity.CRITICAL);

  private final Severity severity;

  Outcome(Severity severity) {
    this.severity = severity;
  }

  /** Whether the effect was executed. */
  public boolean ran() {
    return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
  }

  /** Whether the attempt waits for a confirmation that may still come while the episode lasts. */
  public boolean awaitsConfirmation() {
    return this == CONTRADICTED || this == UNCONFIRMED;
  }

  /** How urgent the notification of this outcome is. */
  public Severity severity() {
    return severity;
  }

  /** The lower-case name, as in metrics, logs and files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome of a lower-case name. */
  public static Outcome ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
