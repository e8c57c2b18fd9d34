package io.valwatch.action;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One action's interlocks, in this order: once per episode, armed, cooldown, a second endpoint's
 * confirmation, then a dry run or the effect, recorded in the store before it starts. Called on the
 * action's own thread; {@link #status()} from any, without waiting for an effect that runs.
 */
final class ActionRunner {
  private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

  private final Action action;
  private final ActionStore store;
  private final Clock clock;
  private final Supplier<Confirmer> engineConfirmer;
  private final ActionListener listener;
  /** Episodes waiting for a confirmation, oldest first; kept in {@link #state} too, which is saved. */
  private final Map<String, ActionState.Awaiting> awaiting = new LinkedHashMap<>();
  private final Map<Outcome, Long> attempts = new ConcurrentHashMap<>();
  private volatile ActionState state;
  /** The episodes in {@link #awaiting}, for {@link #status()}. */
  private volatile List<String> awaitingView = List.of();

  ActionRunner(
      Action action,
      ActionStore store,
      ActionState saved,
      Clock clock,
      Supplier<Confirmer> engineConfirmer,
      ActionListener listener) {
    this.action = action;
    this.store = store;
    this.state = saved;
    this.clock = clock;
    this.engineConfirmer = engineConfirmer;
    this.listener = listener;
    for (Outcome o : Outcome.values()) {
      attempts.put(o, 0L);
    }
    for (ActionState.Awaiting a : saved.awaiting()) {
      awaiting.put(a.occurrence().episode(), a);
      log.info("action {}: episode {} still waits for a second endpoint's confirmation; asked again",
          action.name(), a.occurrence().episode());
    }
    awaitingView = List.copyOf(awaiting.keySet());
    if (saved.running()) {
      log.warn(
          "action {}: valwatch stopped while it ran for episode {}; what it did is unknown. It stays disarmed"
              + " until re-armed (valwatch actions rearm {})",
          action.name(), saved.episodes().isEmpty() ? "?" : saved.episodes().get(saved.episodes().size() - 1),
          action.name());
    } else if (!saved.armed()) {
      log.warn(
          "action {}: disarmed since {} by its run; it does not run until re-armed (valwatch actions rearm {})",
          action.name(), saved.disarmedAt().map(Instant::toString).orElse("?"), action.name());
    }
  }

  Action action() {
    return action;
  }

  /** An episode began or was reported again. */
  synchronized void began(Occurrence o) {
    if (state.decided(o.episode())) {
      log.debug("action {}: episode {} was decided already", action.name(), o.episode());
      return;
    }
    supersede(o);
    ActionState.Awaiting waiting = awaiting.get(o.episode());
    attempt(o, waiting == null ? null : waiting.reported());
  }

  /**
   * A new episode of the same condition means that an earlier one waiting for confirmation is over, though
   * its end was not seen (it ended while valwatch was stopped, or its trigger started afresh at a restart).
   */
  private void supersede(Occurrence o) {
    List<String> over = awaiting.values().stream()
        .map(ActionState.Awaiting::occurrence)
        .filter(w -> !w.episode().equals(o.episode()) && w.chainId().equals(o.chainId())
            && w.subject().equals(o.subject()) && w.kind().equals(o.kind()))
        .map(Occurrence::episode)
        .toList();
    for (String episode : over) {
      awaiting.remove(episode);
      log.info("action {}: episode {} is over, episode {} of the same condition began; not run",
          action.name(), episode, o.episode());
    }
    if (!over.isEmpty()) {
      awaitingChanged(true);
    }
  }

  /** An episode ended: if it still waits for a confirmation, it is not attempted again. */
  synchronized void ended(String episode) {
    if (awaiting.remove(episode) != null) {
      awaitingChanged(true);
      log.info("action {}: episode {} ended before a second endpoint confirmed it; not run", action.name(), episode);
    }
  }

  /** Asks again for the episodes that wait for a confirmation. */
  synchronized void retryAwaiting() {
    for (ActionState.Awaiting a : List.copyOf(awaiting.values())) {
      attempt(a.occurrence(), a.reported());
    }
  }

  /** Armed again, at the operator's request. */
  synchronized void rearm(String how) {
    if (state.armed() && !state.running()) {
      log.info("action {}: re-arm request ({}) for an armed action; nothing to do", action.name(), how);
      return;
    }
    ActionState next = state.rearmed();
    try {
      store.save(action.name(), next);
    } catch (RuntimeException e) {
      log.error("action {}: not re-armed ({}): {}", action.name(), how, e.getMessage());
      return;
    }
    state = next;
    log.warn("action {}: re-armed ({}); it runs again at its next trigger", action.name(), how);
  }

  ActionStatus status() {
    ActionState state = this.state;
    return new ActionStatus(
        action.name(),
        action.trigger().describe(),
        action.effect().describe(),
        action.dryRun(),
        action.cooldown(),
        state,
        state.cooldownUntil(action.cooldown(), clock.instant()),
        awaitingView,
        attempts);
  }

  /** @param reported the outcome already reported for this episode while it waits for confirmation */
  private void attempt(Occurrence o, Outcome reported) {
    Instant now = clock.instant();
    if (!state.armed()) {
      decide(o, Outcome.DISARMED, "disarmed since " + state.disarmedAt().map(Instant::toString).orElse("?")
          + " by its run; re-arm with: valwatch actions rearm " + action.name(), false);
      return;
    }
    Optional<Instant> cooldownUntil = state.cooldownUntil(action.cooldown(), now);
    if (cooldownUntil.isPresent()) {
      decide(o, Outcome.COOLDOWN, "ran at " + state.lastRunAt().orElseThrow() + "; cooldown until " + cooldownUntil.get(), false);
      return;
    }
    Confirmation confirmation = confirm(o);
    if (!confirmation.permits()) {
      Outcome outcome = confirmation == Confirmation.CONTRADICTED ? Outcome.CONTRADICTED : Outcome.UNCONFIRMED;
      ActionState.Awaiting waiting = new ActionState.Awaiting(o, outcome);
      if (!waiting.equals(awaiting.put(o.episode(), waiting))) {
        awaitingChanged(true);
      }
      if (outcome != reported) {
        report(o, outcome, switch (confirmation) {
          case CONTRADICTED -> "a second endpoint does not see it; asked again while the episode lasts";
          case UNCHECKABLE -> "the chain has several endpoints and " + o.kind() + " cannot be confirmed on another";
          default -> "no second endpoint answered; asked again while the episode lasts";
        }, now);
      }
      return;
    }
    if (awaiting.remove(o.episode()) != null) {
      awaitingChanged(false); // saved with the decision or the run, next
    }
    if (action.dryRun()) {
      decide(o, Outcome.DRY_RUN, "dry run: would " + action.effect().describe(), true);
      return;
    }
    run(o, now);
  }

  /**
   * Takes {@link #awaiting} into the state, and saves it when {@code save}: an episode that waits for its
   * confirmation is asked about again after a restart.
   */
  private void awaitingChanged(boolean save) {
    awaitingView = List.copyOf(awaiting.keySet());
    state = state.withAwaiting(List.copyOf(awaiting.values()));
    if (!save) {
      return;
    }
    try {
      store.save(action.name(), state);
    } catch (RuntimeException e) {
      log.error("action {}: the episodes waiting for confirmation could not be saved, a restart would drop them: {}",
          action.name(), e.getMessage());
    }
  }

  private Confirmation confirm(Occurrence o) {
    Confirmer confirmer = action.confirmer().orElseGet(engineConfirmer);
    if (confirmer == null) {
      return Confirmation.UNANSWERED;
    }
    try {
      return confirmer.confirm(o);
    } catch (RuntimeException e) {
      log.warn("action {}: the confirmation of episode {} failed: {}", action.name(), o.episode(), e.toString());
      return Confirmation.UNANSWERED;
    }
  }

  private void run(Occurrence o, Instant now) {
    ActionState ahead = state.aboutToRun(o.episode(), now);
    try {
      store.save(action.name(), ahead);
    } catch (RuntimeException e) {
      // Not on disk, the run could repeat after a restart: it does not happen at all.
      state = state.after(new ActionState.Attempt(now, o.episode(), Outcome.STATE_NOT_SAVED, e.getMessage()), false);
      report(o, Outcome.STATE_NOT_SAVED, "not run: " + e.getMessage(), now);
      return;
    }
    state = ahead;
    log.warn("action {}: running for episode {}: {}", action.name(), o.episode(), action.effect().describe());
    EffectResult result;
    try {
      result = action.effect().run(action.name(), o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = EffectResult.timedOut("valwatch stopped while it ran");
    } catch (RuntimeException e) {
      result = EffectResult.failed(e.toString());
    }
    decide(o, result.outcome(), result.detail(), true);
  }

  /** A final decision for the episode: remembered, saved, reported; it no longer waits for a confirmation. */
  private void decide(Occurrence o, Outcome outcome, String detail, boolean countsAsRun) {
    if (awaiting.remove(o.episode()) != null) {
      awaitingChanged(false); // saved with the decision, next
    }
    Instant at = clock.instant();
    ActionState next = state.after(new ActionState.Attempt(at, o.episode(), outcome, detail), countsAsRun);
    try {
      store.save(action.name(), next);
    } catch (RuntimeException e) {
      log.error("action {}: the outcome of episode {} could not be saved: {}", action.name(), o.episode(), e.getMessage());
    }
    state = next;
    report(o, outcome, detail, at);
  }

  private void report(Occurrence o, Outcome outcome, String detail, Instant at) {
    attempts.merge(outcome, 1L, Long::sum);
    String line = "action {}: {} for episode {} ({} {} {}): {}";
    Object[] args = {action.name(), outcome.label(), o.episode(), o.severity(), o.kind(), o.subject(), detail};
    switch (outcome.severity()) {
      case CRITICAL -> log.error(line, args);
      case WARNING -> log.warn(line, args);
      default -> log.info(line, args);
    }
    try {
      listener.onAttempt(new ActionAttempt(action.name(), o, outcome, detail, action.effect().describe(), at));
    } catch (RuntimeException e) {
      log.error("action {}: a listener failed", action.name(), e);
    }
  }
}
