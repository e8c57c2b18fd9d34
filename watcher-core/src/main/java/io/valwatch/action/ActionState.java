package io.valwatch.action;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an action remembers across restarts, in {@code actions.json} in the state directory.
 *
 * @param armed whether it may run; false from its run until it is re-armed
 * @param disarmedAt when a run disarmed it
 * @param lastRunAt when it last ran or dry-ran: the cooldown counts from here
 * @param lastAttempt the last decision about it
 * @param episodes the episodes already decided, newest last (at most {@link #EPISODES_KEPT}): a decided
 *     episode is never attempted again
 * @param running true from just before its effect starts until the effect returns; still true after a
 *     restart means valwatch stopped while it ran
 * @param awaiting the episodes held back until a second endpoint confirms them, oldest first: a restart
 *     keeps asking, since the alert that began them is not sent again
 */
public record ActionState(
    boolean armed,
    Optional<Instant> disarmedAt,
    Optional<Instant> lastRunAt,
    Optional<Attempt> lastAttempt,
    List<String> episodes,
    boolean running,
    List<Awaiting> awaiting) {

  /** How many decided episodes are remembered; older ones belong to conditions long over. */
  public static final int EPISODES_KEPT = 64;

  /** A new action: armed, never run. */
  public static final ActionState INITIAL =
      new ActionState(true, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false, List.of());

  /**
   * A decision, as remembered.
   *
   * @param at when
   * @param episode for which episode
   * @param outcome how it ended
   * @param detail why
   */
  public record Attempt(Instant at, String episode, Outcome outcome, String detail) {
    public Attempt {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(episode, "episode");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * An episode held back until a second endpoint confirms it.
   *
   * @param occurrence the episode as its trigger last reported it
   * @param reported the outcome last reported for it, {@link Outcome#CONTRADICTED} or {@link
   *     Outcome#UNCONFIRMED}: it is reported again only when that changes
   */
  public record Awaiting(Occurrence occurrence, Outcome reported) {
    public Awaiting {
      Objects.requireNonNull(occurrence, "occurrence");
      Objects.requireNonNull(reported, "reported");
    }
  }

  public ActionState {
    Objects.requireNonNull(disarmedAt, "disarmedAt");
    Objects.requireNonNull(lastRunAt, "lastRunAt");
    Objects.requireNonNull(lastAttempt, "lastAttempt");
    episodes = List.copyOf(episodes.subList(Math.max(0, episodes.size() - EPISODES_KEPT), episodes.size()));
    awaiting = List.copyOf(awaiting);
  }

  /** A state with no episode waiting for confirmation, the form before those were kept. */
  public ActionState(
      boolean armed,
      Optional<Instant> disarmedAt,
      Optional<Instant> lastRunAt,
      Optional<Attempt> lastAttempt,
      List<String> episodes,
      boolean running) {
    this(armed, disarmedAt, lastRunAt, lastAttempt, episodes, running, List.of());
  }

  /** When a cooldown of {@code cooldown} after the last run ends, if that is after {@code now}. */
  public Optional<Instant> cooldownUntil(Duration cooldown, Instant now) {
    return lastRunAt.map(t -> t.plus(cooldown)).filter(end -> end.isAfter(now));
  }

  /** Whether {@code episode} was decided already. */
  public boolean decided(String episode) {
    return episodes.contains(episode);
  }

  /** The state written before an effect runs: disarmed, the episode decided, the effect running. */
  ActionState aboutToRun(String episode, Instant now) {
    return new ActionState(false, Optional.of(now), Optional.of(now), lastAttempt, with(episode), true, awaiting);
  }

  /** The state after a decision: the episode decided, the attempt remembered, nothing running. */
  ActionState after(Attempt attempt, boolean countsAsRun) {
    return new ActionState(
        armed,
        disarmedAt,
        countsAsRun ? Optional.of(attempt.at()) : lastRunAt,
        Optional.of(attempt),
        with(attempt.episode()),
        false,
        awaiting);
  }

  /** Armed again; the cooldown still counts from the last run. */
  ActionState rearmed() {
    return new ActionState(true, Optional.empty(), lastRunAt, lastAttempt, episodes, false, awaiting);
  }

  /** The same state with these episodes waiting for confirmation. */
  ActionState withAwaiting(List<Awaiting> waiting) {
    return new ActionState(armed, disarmedAt, lastRunAt, lastAttempt, episodes, running, waiting);
  }

  private List<String> with(String episode) {
    if (episodes.contains(episode)) {
      return episodes;
    }
    List<String> more = new ArrayList<>(episodes);
    more.add(episode);
    return more;
  }
}
