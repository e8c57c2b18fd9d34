package io.valwatch.action;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An action as it stands, for the status, metrics and {@code valwatch actions status}.
 *
 * @param name the action's name
 * @param trigger what triggers it ({@link Trigger#describe()})
 * @param effect what it does ({@link Effect#describe()})
 * @param dryRun whether it only logs
 * @param cooldown its cooldown
 * @param state what it remembers
 * @param cooldownUntil when its cooldown ends, when it has not yet
 * @param awaitingConfirmation episodes it waits on a second endpoint for
 * @param attempts the attempts since start, by outcome (every outcome present)
 */
public record ActionStatus(
    String name,
    String trigger,
    String effect,
    boolean dryRun,
    Duration cooldown,
    ActionState state,
    Optional<Instant> cooldownUntil,
    List<String> awaitingConfirmation,
    Map<Outcome, Long> attempts) {
  public ActionStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(cooldownUntil, "cooldownUntil");
    awaitingConfirmation = List.copyOf(awaitingConfirmation);
    attempts = Map.copyOf(attempts);
  }
}
