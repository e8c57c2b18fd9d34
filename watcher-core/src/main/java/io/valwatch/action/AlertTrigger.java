package io.valwatch.action;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import io.valwatch.risk.AlertKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Triggers on alerts: an episode begins when a matching alert fires (or escalates into the minimum
 * severity) and ends when it resolves. Every criterion given must match; a criterion left out matches
 * everything.
 */
public final class AlertTrigger implements Trigger {
  private final Set<String> kinds;
  private final Severity minSeverity;
  private final Set<String> chains;
  private final Set<String> validators;
  private final Set<String> labels;

  private AlertTrigger(Builder b) {
    this.kinds = Set.copyOf(b.kinds);
    this.minSeverity = b.minSeverity;
    this.chains = Set.copyOf(b.chains);
    this.validators = Set.copyOf(b.validators);
    this.labels = Set.copyOf(b.labels);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether an alert, firing, begins an episode of this trigger. */
  public boolean matches(Alert alert) {
    return (kinds.isEmpty() || kinds.contains(alert.key().kind()) || kinds.contains(AlertKinds.family(alert.key().kind())))
        && alert.severity().atLeast(minSeverity)
        && (chains.isEmpty() || chains.contains(alert.key().chainId()))
        && (validators.isEmpty()
            || validators.contains(alert.key().subject())
            || validators.contains(alert.labels().getOrDefault("identity", "")))
        && (labels.isEmpty() || labels.contains(alert.labels().getOrDefault("label", "")));
  }

  @Override
  public WatcherListener listen(Episodes episodes) {
    return new WatcherListener() {
      @Override
      public void onAlert(AlertNotification n) {
        Alert alert = n.alert();
        switch (n.reason()) {
          case FIRING -> {
            if (matches(alert)) {
              episodes.began(Occurrence.of(alert));
            }
          }
          case RESOLVED -> episodes.ended(Occurrence.episodeOf(alert));
          default -> {}
        }
      }
    };
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    parts.add((kinds.isEmpty() ? "any alert" : String.join("|", kinds.stream().sorted().toList()))
        + " at " + minSeverity.name().toLowerCase(java.util.Locale.ROOT) + " or above");
    if (!chains.isEmpty()) {
      parts.add("on " + String.join(", ", chains.stream().sorted().toList()));
    }
    if (!validators.isEmpty()) {
      parts.add("for " + String.join(", ", validators.stream().sorted().toList()));
    }
    if (!labels.isEmpty()) {
      parts.add("labelled " + String.join(", ", labels.stream().sorted().toList()));
    }
    return String.join(" ", parts);
  }

  /** Configures an {@link AlertTrigger}. */
  public static final class Builder {
    private final List<String> kinds = new ArrayList<>();
    private Severity minSeverity = Severity.CRITICAL;
    private final List<String> chains = new ArrayList<>();
    private final List<String> validators = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    private Builder() {}

    /** Alert kinds, or families such as {@code governance_vote_missing}; none: every kind. */
    public Builder kinds(String... kinds) {
      this.kinds.addAll(List.of(kinds));
      return this;
    }

    /** Default {@link Severity#CRITICAL}. */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
      return this;
    }

    /** Chain ids; none: every chain. */
    public Builder chains(String... chainIds) {
      this.chains.addAll(List.of(chainIds));
      return this;
    }

    /** Validators, as the alert's subject (the display address) or as configured; none: every validator. */
    public Builder validators(String... addresses) {
      this.validators.addAll(List.of(addresses));
      return this;
    }

    /** Validator labels, as configured; none: any. */
    public Builder labels(String... labels) {
      this.labels.addAll(List.of(labels));
      return this;
    }

    public AlertTrigger build() {
      return new AlertTrigger(this);
    }
  }
}
