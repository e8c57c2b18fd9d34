package io.valwatch.internal.risk;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import java.util.Map;
import java.util.Objects;

/**
 * A condition that holds now, as an evaluator found it: what it is about, how urgent, and the words for it.
 *
 * @param key what it is about
 * @param severity how urgent it is now
 * @param summary one line
 * @param description what was seen and what to do
 * @param labels context for routing
 */
public record AlertCondition(
    AlertKey key, Severity severity, String summary, String description, Map<String, String> labels) {
  public AlertCondition {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    labels = Map.copyOf(labels);
  }
}
