package io.valwatch.internal.risk;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.risk.AlertSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chain's alerts: runs the {@link AlertLifecycle} on the clock, persists its state before it notifies
 * (so that a crash can lose a notification but never send one twice), and starts from what was persisted.
 */
public final class AlertBook {
  private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

  private final String chainId;
  private final Clock clock;
  private final AlertStore store;
  private final Consumer<AlertNotification> notify;
  private final AlertLifecycle lifecycle;
  private volatile List<Alert> active;

  public AlertBook(
      String chainId, AlertSettings settings, Clock clock, AlertStore store, Consumer<AlertNotification> notify) {
    this.chainId = chainId;
    this.clock = clock;
    this.store = store;
    this.notify = notify;
    this.lifecycle = new AlertLifecycle(settings);
    List<StoredAlert> restored = store.load(chainId);
    lifecycle.restore(restored);
    if (!restored.isEmpty()) {
      log.info("chain {}: {} alert(s) still firing from before the restart", chainId, restored.size());
    }
    this.active = lifecycle.active();
  }

  /**
   * Evaluates one round of verdicts.
   *
   * @param fresh whether a key's condition was evaluated on fresh data; others, and held keys, keep their state
   * @param confirm whether a second source agrees with a critical validator condition
   */
  public void evaluate(Verdicts verdicts, Predicate<AlertKey> fresh, Predicate<AlertCondition> confirm) {
    Set<AlertKey> held = verdicts.held();
    Predicate<AlertKey> evaluated = fresh.and(k -> !held.contains(k));
    AlertLifecycle.Result result = lifecycle.evaluate(clock.instant(), verdicts.holding(), evaluated, confirm);
    active = lifecycle.active();
    if (result.changed()) {
      try {
        store.save(chainId, lifecycle.stored());
      } catch (RuntimeException e) {
        log.error("chain {}: alert state not saved; a restart may repeat these notifications", chainId, e);
      }
    }
    result.notifications().forEach(notify);
  }

  /** The earliest time at which a round with the same verdicts would change an alert (see {@link AlertLifecycle#nextDue}). */
  public Instant nextDue() {
    return lifecycle.nextDue();
  }

  /**
   * {@code verdicts} with each condition that equals one the book keeps replaced by the kept one, so that
   * verdicts kept for later rounds hold no second copy of an alert's words.
   */
  public Verdicts sharing(Verdicts verdicts) {
    return verdicts.replacing(lifecycle::kept);
  }

  /** The alerts firing now. */
  public List<Alert> active() {
    return active;
  }
}
