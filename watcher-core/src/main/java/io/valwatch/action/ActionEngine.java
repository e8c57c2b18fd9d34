package io.valwatch.action;

import io.valwatch.alert.AlertNotification;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.EndpointError;
import io.valwatch.event.GapDetected;
import io.valwatch.event.MissedBlock;
import io.valwatch.event.ValidatorStatusChanged;
import io.valwatch.event.WatcherListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs actions: a {@link WatcherListener} (register it with the watcher) that hands each action's trigger
 * the watcher's events and runs the action, on a thread of its own, through its interlocks. What has run
 * is kept in the {@link ActionStore}; re-arm requests are picked up every second.
 *
 * <pre>{@code
 * ActionEngine engine = ActionEngine.builder().action(action).store(ActionStore.inDirectory(dir)).build();
 * Watcher watcher = Watcher.builder().chain(spec).listener(engine).stateDirectory(dir).build();
 * engine.start(watcher::confirm);
 * watcher.start();
 * }</pre>
 */
public final class ActionEngine implements WatcherListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActionEngine.class);
  /** How often episodes waiting for a confirmation are asked about again. */
  static final Duration CONFIRMATION_RETRY = Duration.ofSeconds(15);
  private static final Duration REARM_POLL = Duration.ofSeconds(1);

  private final ActionStore store;
  private final Map<String, ActionRunner> runners = new LinkedHashMap<>();
  private final Map<String, ExecutorService> threads = new LinkedHashMap<>();
  private final List<WatcherListener> triggers = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private volatile Confirmer confirmer;
  private boolean started;

  private ActionEngine(Builder b) {
    this.store = b.store;
    Map<String, ActionState> saved = store.load();
    for (Action a : b.actions) {
      ActionRunner runner =
          new ActionRunner(
              a, store, saved.getOrDefault(a.name(), ActionState.INITIAL), b.clock, () -> confirmer, b.listener);
      runners.put(a.name(), runner);
      ExecutorService thread = Executors.newSingleThreadExecutor(r -> daemon(r, "valwatch-action-" + a.name()));
      threads.put(a.name(), thread);
      triggers.add(a.trigger().listen(new Trigger.Episodes() {
        @Override
        public void began(Occurrence occurrence) {
          submit(thread, () -> runner.began(occurrence));
        }

        @Override
        public void ended(String episode) {
          submit(thread, () -> runner.ended(episode));
        }
      }));
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "valwatch-actions"));
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts re-arm polling and confirmation retries. Call it before the watcher starts.
   *
   * @param confirmer asked before an action whose own confirmer is not set runs (usually
   *     {@code watcher::confirm})
   */
  public synchronized void start(Confirmer confirmer) {
    if (started) {
      return;
    }
    started = true;
    this.confirmer = Objects.requireNonNull(confirmer, "confirmer");
    takeRearmRequests();
    timer.scheduleWithFixedDelay(
        this::takeRearmRequests, REARM_POLL.toMillis(), REARM_POLL.toMillis(), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        () -> runners.forEach((name, r) -> submit(threads.get(name), r::retryAwaiting)),
        CONFIRMATION_RETRY.toMillis(), CONFIRMATION_RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every action as it stands, in configuration order. */
  public List<ActionStatus> status() {
    return runners.values().stream().map(ActionRunner::status).toList();
  }

  /** One action as it stands. */
  public Optional<ActionStatus> status(String name) {
    return Optional.ofNullable(runners.get(name)).map(ActionRunner::status);
  }

  /** Re-arms an action from this process; false when there is no such action. */
  public boolean rearm(String name) {
    ActionRunner runner = runners.get(name);
    if (runner == null) {
      return false;
    }
    submit(threads.get(name), () -> runner.rearm("requested in the process"));
    return true;
  }

  private void takeRearmRequests() {
    Set<String> names;
    try {
      names = store.takeRearmRequests();
    } catch (RuntimeException e) {
      log.error("actions: re-arm requests cannot be read: {}", e.getMessage());
      return;
    }
    for (String name : names) {
      ActionRunner runner = runners.get(name);
      if (runner == null) {
        log.warn("actions: a re-arm request names '{}', which is not a configured action; ignored", name);
      } else {
        submit(threads.get(name), () -> runner.rearm("re-arm request file"));
      }
    }
  }

  private void submit(ExecutorService thread, Runnable task) {
    try {
      thread.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("actions: unexpected failure", e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("actions: closed, dropped a task");
    }
  }

  /** Stops polling and waits up to 10 seconds for running effects to finish. */
  @Override
  public void close() {
    timer.shutdownNow();
    threads.values().forEach(ExecutorService::shutdown);
    for (ExecutorService t : threads.values()) {
      try {
        if (!t.awaitTermination(10, TimeUnit.SECONDS)) {
          t.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        t.shutdownNow();
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void each(Consumer<WatcherListener> call) {
    for (WatcherListener l : triggers) {
      call.accept(l);
    }
  }

  @Override
  public void onBlockProcessed(BlockProcessed event) {
    each(l -> l.onBlockProcessed(event));
  }

  @Override
  public void onMissedBlock(MissedBlock event) {
    each(l -> l.onMissedBlock(event));
  }

  @Override
  public void onValidatorStatusChanged(ValidatorStatusChanged event) {
    each(l -> l.onValidatorStatusChanged(event));
  }

  @Override
  public void onGapDetected(GapDetected event) {
    each(l -> l.onGapDetected(event));
  }

  @Override
  public void onEndpointError(EndpointError event) {
    each(l -> l.onEndpointError(event));
  }

  @Override
  public void onAlert(AlertNotification notification) {
    each(l -> l.onAlert(notification));
  }

  /** Configures an {@link ActionEngine}. */
  public static final class Builder {
    private final List<Action> actions = new ArrayList<>();
    private ActionStore store = ActionStore.inMemory();
    private Clock clock = Clock.systemUTC();
    private ActionListener listener = a -> {};

    private Builder() {}

    public Builder action(Action action) {
      if (actions.stream().anyMatch(a -> a.name().equals(action.name()))) {
        throw new IllegalArgumentException("action " + action.name() + " is configured twice");
      }
      actions.add(action);
      return this;
    }

    /** Where what has run is kept; default in memory, which a restart forgets. */
    public Builder store(ActionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Hears every attempt. */
    public Builder listener(ActionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** @throws IllegalStateException when the store cannot be read */
    public ActionEngine build() {
      return new ActionEngine(this);
    }
  }
}
