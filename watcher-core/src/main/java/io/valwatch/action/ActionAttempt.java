package io.valwatch.action;

import java.time.Instant;
import java.util.Objects;

/**
 * One decision about an action: it ran, would have run, or an interlock held it back.
 *
 * @param action the action's name
 * @param occurrence the episode it was for
 * @param outcome how it ended
 * @param detail why, in one line without secrets
 * @param effect what the effect does ({@link Effect#describe()})
 * @param at when it was decided
 */
public record ActionAttempt(
    String action, Occurrence occurrence, Outcome outcome, String detail, String effect, Instant at) {
  public ActionAttempt {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(occurrence, "occurrence");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(at, "at");
  }
}
