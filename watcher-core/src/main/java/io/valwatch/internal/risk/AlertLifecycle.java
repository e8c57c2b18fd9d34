package io.valwatch.internal.risk;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.AlertSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The state machine of one chain's alerts. A condition is pending until it has held for its
 * {@code pendingFor}, then fires; a firing alert escalates when its condition's severity rises (never falls
 * back while firing), is reminded of every {@code renotifyInterval}, and resolves once its condition has been
 * gone for {@code resolveAfter}. One-shot kinds fire once and are forgotten silently when their condition
 * goes. Keys that were not evaluated in a round keep their state. Not thread-safe.
 */
final class AlertLifecycle {
  private final AlertSettings settings;
  private final Map<AlertKey, Entry> entries = new LinkedHashMap<>();

  public AlertLifecycle(AlertSettings settings) {
    this.settings = settings;
  }

  /** Takes over alerts that fired before a restart: they are firing, and not notified again. */
  public void restore(List<StoredAlert> stored) {
    for (StoredAlert s : stored) {
      Alert a = s.alert();
      Entry e = new Entry(new AlertCondition(a.key(), a.severity(), a.summary(), a.description(), a.labels()), a.firingSince());
      e.firing = true;
      e.severity = a.severity();
      e.firingSince = a.firingSince();
      e.lastNotifiedAt = s.lastNotifiedAt();
      entries.put(a.key(), e);
    }
  }

  /**
   * One round.
   *
   * @param now the time of the round
   * @param holding the conditions that hold now
   * @param evaluated whether a key's condition was evaluated on fresh data this round; others keep their state
   * @param confirm asked, only when a critical validator alert is about to fire or escalate, whether a second
   *     source agrees; when it does not, the alert waits for a later round
   * @return what to notify, in order
   */
  public Result evaluate(
      Instant now, List<AlertCondition> holding, Predicate<AlertKey> evaluated, Predicate<AlertCondition> confirm) {
    List<AlertNotification> out = new ArrayList<>();
    boolean changed = false;
    Set<AlertKey> seen = new HashSet<>();
    for (AlertCondition c : holding) {
      if (!seen.add(c.key()) || !evaluated.test(c.key())) {
        continue;
      }
      Entry e = entries.computeIfAbsent(c.key(), k -> new Entry(c, now));
      if (!c.equals(e.condition)) {
        e.condition = c;
      }
      e.clearingSince = null;
      if (!e.firing) {
        if (!now.isBefore(e.pendingSince.plus(pendingFor(c.key()))) && confirmed(c, confirm)) {
          e.firing = true;
          e.severity = c.severity();
          e.firingSince = now;
          e.lastNotifiedAt = now;
          out.add(new AlertNotification(e.alert(Alert.State.FIRING), Reason.FIRING, now));
          changed = true;
        }
      } else if (!AlertKinds.oneShot(c.key().kind())) {
        if (c.severity().compareTo(e.severity) > 0 && confirmed(c, confirm)) {
          e.severity = c.severity();
          e.lastNotifiedAt = now;
          out.add(new AlertNotification(e.alert(Alert.State.FIRING), Reason.FIRING, now));
          changed = true;
        } else if (reminderDue(e, now)) {
          e.lastNotifiedAt = now;
          out.add(new AlertNotification(e.alert(Alert.State.FIRING), Reason.REMINDER, now));
          changed = true;
        }
      }
    }
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      AlertKey key = e.condition.key();
      if (seen.contains(key) || !evaluated.test(key)) {
        continue;
      }
      if (!e.firing) {
        it.remove();
      } else if (AlertKinds.oneShot(key.kind())) {
        it.remove();
        changed = true;
      } else {
        if (e.clearingSince == null) {
          e.clearingSince = now;
        }
        if (!now.isBefore(e.clearingSince.plus(settings.resolveAfter()))) {
          it.remove();
          out.add(new AlertNotification(e.alert(Alert.State.RESOLVED), Reason.RESOLVED, now));
          changed = true;
        }
      }
    }
    return new Result(out, changed);
  }

  /**
   * The earliest time at which a round with the same conditions would change something: a pending alert
   * due to fire (in the past while a second source does not agree), a reminder, a resolve after the
   * condition cleared. {@link Instant#MAX} when nothing waits for time.
   */
  public Instant nextDue() {
    Instant next = Instant.MAX;
    Duration every = settings.renotifyInterval();
    for (Entry e : entries.values()) {
      AlertKey key = e.condition.key();
      Instant due;
      if (!e.firing) {
        due = e.pendingSince.plus(pendingFor(key));
      } else if (e.clearingSince != null) {
        due = e.clearingSince.plus(settings.resolveAfter());
      } else if (!every.isZero() && !AlertKinds.oneShot(key.kind())) {
        due = e.lastNotifiedAt.plus(every);
      } else {
        continue;
      }
      if (due.isBefore(next)) {
        next = due;
      }
    }
    return next;
  }

  /** The condition kept for {@code c}'s key when it equals {@code c}, otherwise {@code c}. */
  AlertCondition kept(AlertCondition c) {
    Entry e = entries.get(c.key());
    return e != null && c.equals(e.condition) ? e.condition : c;
  }

  /** The alerts notified as firing and not resolved, in the order they first appeared. */
  public List<Alert> active() {
    return entries.values().stream().filter(e -> e.firing).map(e -> e.alert(Alert.State.FIRING)).toList();
  }

  /** What to persist: every firing alert. */
  public List<StoredAlert> stored() {
    return entries.values().stream()
        .filter(e -> e.firing)
        .map(e -> new StoredAlert(e.alert(Alert.State.FIRING), e.lastNotifiedAt))
        .toList();
  }

  /** One-shot kinds report a change that has happened: they never wait. */
  private Duration pendingFor(AlertKey key) {
    if (AlertKinds.oneShot(key.kind())) {
      return Duration.ZERO;
    }
    AlertKinds.Scope scope = AlertKinds.scope(key.kind());
    boolean endpointKind = scope == AlertKinds.Scope.ENDPOINT || key.kind().equals(AlertKinds.NO_HEALTHY_ENDPOINT);
    return endpointKind ? settings.endpointPendingFor() : settings.pendingFor();
  }

  private static boolean confirmed(AlertCondition c, Predicate<AlertCondition> confirm) {
    boolean needsConfirmation =
        c.severity() == Severity.CRITICAL && AlertKinds.scope(c.key().kind()) == AlertKinds.Scope.VALIDATOR;
    return !needsConfirmation || confirm.test(c);
  }

  private boolean reminderDue(Entry e, Instant now) {
    Duration every = settings.renotifyInterval();
    return !every.isZero() && !now.isBefore(e.lastNotifiedAt.plus(every));
  }

  /**
   * What a round produced.
   *
   * @param notifications to deliver, in order
   * @param changed whether the persisted state changed
   */
  public record Result(List<AlertNotification> notifications, boolean changed) {}

  private static final class Entry {
    AlertCondition condition;
    final Instant pendingSince;
    boolean firing;
    Severity severity;
    Instant firingSince;
    Instant lastNotifiedAt;
    Instant clearingSince;

    Entry(AlertCondition condition, Instant pendingSince) {
      this.condition = condition;
      this.pendingSince = pendingSince;
    }

    /** The last alert made, so that the active list, the stored one and each snapshot share one. */
    private Alert made;

    Alert alert(Alert.State state) {
      Alert alert = new Alert(
          condition.key(), severity, state, condition.summary(), condition.description(), firingSince,
          condition.labels());
      if (!alert.equals(made)) {
        made = alert;
      }
      return made;
    }
  }
}
