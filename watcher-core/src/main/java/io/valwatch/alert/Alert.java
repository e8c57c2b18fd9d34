package io.valwatch.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as it stands: a condition that is firing or has resolved.
 *
 * @param key what it is about
 * @param severity how urgent
 * @param state firing or resolved
 * @param summary one line for a chat message or a page title
 * @param description what was seen and what to do, a few sentences
 * @param firingSince when it started firing
 * @param labels extra context for routing (moniker, label, ...)
 */
public record Alert(
    AlertKey key,
    Severity severity,
    State state,
    String summary,
    String description,
    Instant firingSince,
    Map<String, String> labels) {

  /** Whether the condition holds. */
  public enum State {
    FIRING,
    RESOLVED
  }

  public Alert {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(firingSince, "firingSince");
    labels = Map.copyOf(labels);
  }
}
