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
 */
public record ActionState(
    boolean armed,
    Optional<Instant> disarmedAt,
    Optional<Instant> lastRunAt,
    Optional<Attempt> lastAttempt,
    List<String> episodes,
    boolean running) {

  /** How many decided episodes are remembered; older ones belong to conditions long over. */
  public static final int EPISODES_KEPT = 64;

  /** A new action: armed, never run. */
  public static final ActionState INITIAL =
      new ActionState(true, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false);

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

  public ActionState {
    Objects.requireNonNull(disarmedAt, "disarmedAt");
    Objects.requireNonNull(lastRunAt, "lastRunAt");
    Objects.requireNonNull(lastAttempt, "lastAttempt");
    episodes = List.copyOf(episodes.subList(Math.max(0, episodes.size() - EPISODES_KEPT), episodes.size()));
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
    return new ActionState(false, Optional.of(now), Optional.of(now), lastAttempt, with(episode), true);
  }

  /** The state after a decision: the episode decided, the attempt remembered, nothing running. */
  ActionState after(Attempt attempt, boolean countsAsRun) {
    return new ActionState(
        armed,
        disarmedAt,
        countsAsRun ? Optional.of(attempt.at()) : lastRunAt,
        Optional.of(attempt),
        with(attempt.episode()),
        false);
  }

  /** Armed again; the cooldown still counts from the last run. */
  ActionState rearmed() {
    return new ActionState(true, Optional.empty(), lastRunAt, lastAttempt, episodes, false);
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
