package io.valwatch.action;

import io.valwatch.alert.Alert;
import io.valwatch.alert.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One episode of a condition that may call for an action: an alert from the moment it fires until it
 * resolves, or a rule of a trigger of its own from the moment it is met until it no longer is.
 *
 * @param episode names the episode, the same whenever the same episode is reported again (after a
 *     restart too): an action runs at most once per episode
 * @param chainId the chain
 * @param subject what it is about: a validator's display address, an endpoint, or empty for the chain
 * @param kind the condition, such as {@code jail_imminent}
 * @param severity how urgent
 * @param summary one line, for logs and notifications
 * @param description what was seen, a few sentences
 * @param firingSince when the episode began
 * @param labels extra context (moniker, label, identity)
 */
public record Occurrence(
    String episode,
    String chainId,
    String subject,
    String kind,
    Severity severity,
    String summary,
    String description,
    Instant firingSince,
    Map<String, String> labels) {

  public Occurrence {
    Objects.requireNonNull(episode, "episode");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(firingSince, "firingSince");
    labels = Map.copyOf(labels);
  }

  /** The episode an alert belongs to: its key and when it started firing, which a restart keeps. */
  public static String episodeOf(Alert alert) {
    return alert.key().id() + "@" + alert.firingSince();
  }

  /** The occurrence of a firing alert. */
  public static Occurrence of(Alert alert) {
    return new Occurrence(
        episodeOf(alert),
        alert.key().chainId(),
        alert.key().subject(),
        alert.key().kind(),
        alert.severity(),
        alert.summary(),
        alert.description(),
        alert.firingSince(),
        alert.labels());
  }
}
