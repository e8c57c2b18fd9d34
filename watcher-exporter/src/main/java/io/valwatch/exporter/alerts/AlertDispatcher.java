package io.valwatch.exporter.alerts;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers the watcher's alert notifications to channels without ever blocking the watcher. Each channel has a
 * bounded queue and its own thread: a slow or failing channel delays only itself.
 *
 * <p>Per channel, {@link #onAlert} applies the {@link ChannelPolicy}: notifications below the minimum severity
 * are suppressed (except the resolve of an alert the channel was told about); non-critical ones arriving during
 * quiet hours are held, the latest per alert, and delivered when the quiet hours end, unless the alert fired and
 * resolved in between, in which case neither is sent. When a queue is full, the oldest non-critical notification
 * is dropped. Failed attempts are retried with exponential backoff, honouring the channel's {@code Retry-After}.
 * Every outcome is counted in {@code valwatch_alerts_sent_total{channel,outcome}}.
 *
 * <pre>{@code
 * AlertDispatcher alerts = AlertDispatcher.start(channels, DeliveryCounter.register(registry));
 * Watcher watcher = Watcher.builder().chain(spec).listener(alerts).build();
 * }</pre>
 */
public final class AlertDispatcher implements WatcherListener, AutoCloseable {
  /** Notifications waiting per channel before the oldest non-critical one is dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 256;
  /** How long {@link #close()} lets each channel deliver what is still queued. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  private final List<ChannelWorker> workers;
  private final Clock clock;

  private AlertDispatcher(List<ChannelWorker> workers, Clock clock) {
    this.workers = workers;
    this.clock = clock;
  }

  /**
   * Starts one delivery thread per channel.
   *
   * @throws IllegalArgumentException when two channels have the same name
   */
  public static AlertDispatcher start(List<Channel> channels, DeliveryCounter counter) {
    return start(channels, counter, Clock.systemUTC(), Sleeper.SYSTEM, DEFAULT_QUEUE_CAPACITY);
  }

  static AlertDispatcher start(
      List<Channel> channels, DeliveryCounter counter, Clock clock, Sleeper sleeper, int queueCapacity) {
    Set<String> names = new HashSet<>();
    List<ChannelWorker> workers = new ArrayList<>();
    for (Channel channel : channels) {
      if (!names.add(channel.name())) {
        throw new IllegalArgumentException("two alert channels are named '" + channel.name() + "'");
      }
      workers.add(new ChannelWorker(channel, clock, sleeper, counter, queueCapacity));
    }
    workers.forEach(ChannelWorker::start);
    return new AlertDispatcher(List.copyOf(workers), clock);
  }

  /** Hands {@code notification} to every channel; returns without waiting for delivery. */
  @Override
  public void onAlert(AlertNotification notification) {
    for (ChannelWorker worker : workers) {
      worker.offer(notification);
    }
  }

  /**
   * Sends one {@link AlertNotification.Reason#SELF_TEST} notification through every channel, regardless of
   * minimum severity and quiet hours. Each channel logs whether it arrived.
   */
  public void selfTest() {
    Instant now = clock.instant();
    Alert alert =
        new Alert(
            new AlertKey("", "", "self_test"),
            Severity.INFO,
            Alert.State.FIRING,
            "valwatch self-test: this channel receives valwatch alerts",
            "Sent once at start because the self-test was requested. Nothing needs to be done.",
            now,
            Map.of());
    onAlert(new AlertNotification(alert, AlertNotification.Reason.SELF_TEST, now));
  }

  /** The channels, in configuration order. */
  public List<Channel> channels() {
    return workers.stream().map(ChannelWorker::channel).toList();
  }

  /**
   * Stops accepting notifications, lets each channel deliver what is queued for a few seconds, then stops its
   * thread and closes its notifier. Notifications still queued or held are counted as dropped.
   */
  @Override
  public void close() {
    workers.forEach(ChannelWorker::requestStop);
    Instant deadline = Instant.now().plus(CLOSE_GRACE);
    boolean interrupted = false;
    for (ChannelWorker worker : workers) {
      try {
        worker.awaitStop(deadline);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      worker.channel().notifier().close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
