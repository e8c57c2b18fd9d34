package io.valwatch.action;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One automatic response: what triggers it, what it does, and how it is held back. Build with
 * {@link #builder(String)}; run by an {@link ActionEngine}.
 */
public final class Action {
  /** Names are file names in the state directory and metric label values. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** The cooldown when none is given. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);

  private final String name;
  private final Trigger trigger;
  private final Effect effect;
  private final Duration cooldown;
  private final boolean dryRun;
  private final Confirmer confirmer;

  private Action(Builder b) {
    this.name = b.name;
    this.trigger = Objects.requireNonNull(b.trigger, "trigger");
    this.effect = Objects.requireNonNull(b.effect, "effect");
    this.cooldown = b.cooldown;
    this.dryRun = b.dryRun;
    this.confirmer = b.confirmer;
  }

  /** A builder for an action called {@code name}: letters, digits, {@code _ . -}, up to 64 characters. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Whether {@code name} may name an action. */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public String name() {
    return name;
  }

  public Trigger trigger() {
    return trigger;
  }

  public Effect effect() {
    return effect;
  }

  /** After a run (or a dry run), how long the action does not run again, whatever the episode. */
  public Duration cooldown() {
    return cooldown;
  }

  /** Whether it only logs what it would have done. */
  public boolean dryRun() {
    return dryRun;
  }

  /** The action's own confirmer; when empty the engine's (the watcher's second endpoint) is asked. */
  public Optional<Confirmer> confirmer() {
    return Optional.ofNullable(confirmer);
  }

  /** Configures an {@link Action}; trigger and effect are required. */
  public static final class Builder {
    private final String name;
    private Trigger trigger;
    private Effect effect;
    private Duration cooldown = DEFAULT_COOLDOWN;
    private boolean dryRun;
    private Confirmer confirmer;

    private Builder(String name) {
      if (!validName(name)) {
        throw new IllegalArgumentException(
            "action name '" + name + "': use letters, digits, '_', '.' and '-', up to 64 characters");
      }
      this.name = name;
    }

    public Builder trigger(Trigger trigger) {
      this.trigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    public Builder effect(Effect effect) {
      this.effect = Objects.requireNonNull(effect, "effect");
      return this;
    }

    /** Default {@link #DEFAULT_COOLDOWN}; zero for none. */
    public Builder cooldown(Duration cooldown) {
      if (cooldown.isNegative()) {
        throw new IllegalArgumentException("cooldown must not be negative");
      }
      this.cooldown = cooldown;
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Asks this confirmer rather than the engine's: for a trigger that knows best how to check its rule. */
    public Builder confirmer(Confirmer confirmer) {
      this.confirmer = Objects.requireNonNull(confirmer, "confirmer");
      return this;
    }

    public Action build() {
      return new Action(this);
    }
  }
}
