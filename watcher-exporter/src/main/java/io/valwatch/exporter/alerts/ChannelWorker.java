package io.valwatch.exporter.alerts;

import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's queue and the thread that drains it. {@link #offer} never blocks on delivery: it filters,
 * holds or queues the notification and returns. The thread delivers one notification at a time with retries.
 */
final class ChannelWorker {
  private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);
  /** How long the thread waits at most before looking at the clock again while notifications are held. */
  private static final Duration HELD_RECHECK = Duration.ofMinutes(1);

  private final Channel channel;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DeliveryCounter counter;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<AlertNotification> queue = new ArrayDeque<>();
  /** Non-critical notifications held during quiet hours, the latest per alert key, in arrival order. */
  private final Map<String, AlertNotification> held = new LinkedHashMap<>();
  /** Keys of alerts this channel was (or is about to be) told are firing, so that their resolve always follows. */
  private final Set<String> announced = new HashSet<>();
  private final Thread thread;
  private boolean stopping;

  ChannelWorker(Channel channel, Clock clock, Sleeper sleeper, DeliveryCounter counter, int capacity) {
    this.channel = channel;
    this.clock = clock;
    this.sleeper = sleeper;
    this.counter = counter;
    this.capacity = capacity;
    counter.initialize(channel.name());
    this.thread = new Thread(this::run, "valwatch-alerts-" + channel.name());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Channel channel() {
    return channel;
  }

  /** Filters, holds or queues {@code notification}; returns at once. */
  void offer(AlertNotification notification) {
    lock.lock();
    try {
      if (stopping) {
        count(DeliveryOutcome.DROPPED);
        return;
      }
      Instant now = clock.instant();
      releaseHeldWhenQuietOver(now);
      boolean selfTest = notification.reason() == Reason.SELF_TEST;
      if (!selfTest && !channel.notifier().handles(notification)) {
        count(DeliveryOutcome.SUPPRESSED);
        return;
      }
      String key = notification.alert().key().id();
      boolean resolveOfKnown =
          notification.reason() == Reason.RESOLVED && (announced.contains(key) || held.containsKey(key));
      if (!selfTest
          && !resolveOfKnown
          && !notification.alert().severity().atLeast(channel.policy().minSeverity())) {
        count(DeliveryOutcome.SUPPRESSED);
        return;
      }
      if (!selfTest && notification.alert().severity() != Severity.CRITICAL && quiet(now)) {
        hold(key, notification);
      } else {
        if (held.remove(key) != null) {
          // A critical notification for the same alert supersedes the held one.
          count(DeliveryOutcome.SUPPRESSED);
        }
        enqueue(notification);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean quiet(Instant now) {
    return channel.policy().quietHours().map(hours -> hours.contains(now)).orElse(false);
  }

  private void hold(String key, AlertNotification notification) {
    AlertNotification previous = held.remove(key);
    if (previous != null) {
      count(DeliveryOutcome.SUPPRESSED);
      if (notification.reason() == Reason.RESOLVED
          && previous.reason() != Reason.RESOLVED
          && !announced.contains(key)) {
        // Fired and resolved within quiet hours: the channel never needs to hear of it.
        count(DeliveryOutcome.SUPPRESSED);
        return;
      }
    }
    held.put(key, notification);
  }

  private void releaseHeldWhenQuietOver(Instant now) {
    if (held.isEmpty() || quiet(now)) {
      return;
    }
    held.values().forEach(this::enqueue);
    held.clear();
  }

  private void enqueue(AlertNotification notification) {
    String key = notification.alert().key().id();
    switch (notification.reason()) {
      case FIRING, REMINDER -> announced.add(key);
      case RESOLVED -> announced.remove(key);
      case SELF_TEST -> {}
    }
    if (queue.size() >= capacity) {
      AlertNotification dropped = removeOldestNonCritical().orElseGet(queue::removeFirst);
      count(DeliveryOutcome.DROPPED);
      log.warn(
          "alert channel '{}': queue full ({} waiting), dropped {} {} notification for {}",
          channel.name(),
          capacity,
          dropped.alert().severity(),
          dropped.reason(),
          dropped.alert().key().id());
    }
    queue.addLast(notification);
  }

  private Optional<AlertNotification> removeOldestNonCritical() {
    for (Iterator<AlertNotification> it = queue.iterator(); it.hasNext(); ) {
      AlertNotification candidate = it.next();
      if (candidate.alert().severity() != Severity.CRITICAL) {
        it.remove();
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private void run() {
    AlertNotification current = null;
    try {
      for (current = take(); current != null; current = take()) {
        deliver(current);
      }
    } catch (InterruptedException e) {
      if (current != null) {
        count(DeliveryOutcome.DROPPED);
      }
      abandonRemaining();
    }
  }

  /** The next notification to deliver, or null once stopping with nothing left to deliver. */
  private AlertNotification take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        releaseHeldWhenQuietOver(clock.instant());
        AlertNotification next = queue.pollFirst();
        if (next != null) {
          return next;
        }
        if (stopping) {
          abandonHeld();
          return null;
        }
        if (held.isEmpty()) {
          changed.await();
        } else {
          changed.await(untilQuietEnds().toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private Duration untilQuietEnds() {
    Instant now = clock.instant();
    Duration wait =
        channel.policy().quietHours().map(h -> Duration.between(now, h.nextEnd(now))).orElse(HELD_RECHECK);
    return wait.compareTo(HELD_RECHECK) > 0 ? HELD_RECHECK : wait;
  }

  private void deliver(AlertNotification notification) throws InterruptedException {
    ChannelPolicy policy = channel.policy();
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      try {
        channel.notifier().send(notification);
        count(DeliveryOutcome.SENT);
        if (notification.reason() == Reason.SELF_TEST) {
          log.info("alert channel '{}' ({}): self-test notification sent", channel.name(), channel.description());
        } else {
          log.debug("alert channel '{}': sent {}", channel.name(), describe(notification));
        }
        return;
      } catch (DeliveryException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
          count(DeliveryOutcome.FAILED);
          log.warn(
              "alert channel '{}' ({}): {} not delivered after {} attempt(s): {}",
              channel.name(),
              channel.description(),
              describe(notification),
              attempt,
              e.getMessage());
          return;
        }
        Duration wait = e.retryAfter().orElse(policy.backoff(attempt));
        if (wait.compareTo(policy.maxBackoff()) > 0) {
          wait = policy.maxBackoff();
        }
        log.info(
            "alert channel '{}' ({}): attempt {}/{} failed: {}; retrying in {}",
            channel.name(),
            channel.description(),
            attempt,
            policy.maxAttempts(),
            e.getMessage(),
            wait);
        sleeper.sleep(wait);
      } catch (RuntimeException e) {
        count(DeliveryOutcome.FAILED);
        log.warn(
            "alert channel '{}' ({}): {} not delivered: {}",
            channel.name(),
            channel.description(),
            describe(notification),
            e.getClass().getName());
        return;
      }
    }
  }

  private static String describe(AlertNotification notification) {
    if (notification.reason() == Reason.SELF_TEST) {
      return "self-test notification";
    }
    return notification.alert().severity()
        + " "
        + notification.reason()
        + " notification for "
        + notification.alert().key().id();
  }

  /** Stops accepting notifications; the thread delivers what is queued, then ends. */
  void requestStop() {
    lock.lock();
    try {
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code deadline} for the thread to deliver what is queued, then interrupts it. What is left is
   * counted as dropped.
   */
  void awaitStop(Instant deadline) throws InterruptedException {
    thread.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join();
    }
  }

  private void abandonRemaining() {
    lock.lock();
    try {
      queue.forEach(n -> count(DeliveryOutcome.DROPPED));
      queue.clear();
      abandonHeld();
    } finally {
      lock.unlock();
    }
  }

  private void abandonHeld() {
    if (!held.isEmpty()) {
      log.warn(
          "alert channel '{}': {} notification(s) held for quiet hours dropped at shutdown",
          channel.name(),
          held.size());
      held.values().forEach(n -> count(DeliveryOutcome.DROPPED));
      held.clear();
    }
  }

  private void count(DeliveryOutcome outcome) {
    counter.count(channel.name(), outcome);
  }
}
