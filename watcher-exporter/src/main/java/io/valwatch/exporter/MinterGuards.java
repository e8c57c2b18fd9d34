package io.valwatch.exporter;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.action.Action;
import io.valwatch.event.WatcherListener;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.exporter.config.GuardConfig;
import io.valwatch.model.ChainSpec;
import io.valwatch.plugins.minter.MinterGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/**
 * The Minter candidate-off guards of a configuration, one {@link MinterGuard} per validator with a {@code
 * guard:} key: their broadcasts are actions for the exporter's action engine, and their periodic checks
 * send {@code guard_unarmed} to the alert channels.
 */
final class MinterGuards implements AutoCloseable {
  private final List<MinterGuard> guards;
  private final List<Action> actions;
  private ScheduledExecutorService scheduler;

  private MinterGuards(List<MinterGuard> guards, List<Action> actions) {
    this.guards = guards;
    this.actions = actions;
  }

  /** The guards {@code config} asks for, not started; none when it asks for none. */
  static MinterGuards of(ExporterConfig config) {
    List<MinterGuard> guards = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    OkHttpClient http = config.guards().isEmpty() ? null : new OkHttpClient();
    for (GuardConfig g : config.guards()) {
      ChainSpec chain = config.chains().stream().filter(c -> c.chainId().equals(g.chainId())).findFirst()
          .orElseThrow(() -> new IllegalStateException("a guard names chain " + g.chainId() + ", which is not configured"));
      MinterGuard guard = MinterGuard.builder(g.chainId(), chain.endpoints(), http)
          .validator(g.validator())
          .transaction(g.transaction())
          .missed(g.missed())
          .of(g.of())
          .checkInterval(g.checkInterval())
          .build();
      guards.add(guard);
      actions.add(guard.action(actionName(g)));
    }
    return new MinterGuards(guards, actions);
  }

  /** The action's name: {@code guard-} and the first 12 hex digits of the validator's key. */
  static String actionName(GuardConfig guard) {
    return "guard-" + guard.validator().substring(2, 14).toLowerCase(Locale.ROOT);
  }

  /** The broadcasts, one action per guard. */
  List<Action> actions() {
    return actions;
  }

  /**
   * {@code valwatch_guard_armed{chain_id,validator}}: 1 while the guard's transaction would be accepted, 0
   * while it would not (the validator is unprotected); no sample before its first check answered.
   */
  void registerMetrics(PrometheusRegistry registry) {
    if (guards.isEmpty()) {
      return;
    }
    GaugeWithCallback.builder()
        .name("valwatch_guard_armed")
        .help("1 while the Minter guard's pre-signed SetCandidateOffline would be accepted, 0 while it would not.")
        .labelNames("chain_id", "validator")
        .callback(cb -> {
          for (MinterGuard guard : guards) {
            MinterGuard.GuardStatus status = guard.status();
            if (!status.unchecked()) {
              cb.call(status.armed() ? 1 : 0, guard.chainId(), guard.validatorKey());
            }
          }
        })
        .register(registry);
  }

  /** Checks every transaction now and periodically; {@code guard_unarmed} goes to {@code channels}. */
  synchronized void startChecks(WatcherListener channels) {
    if (guards.isEmpty() || scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "valwatch-minter-guard");
      t.setDaemon(true);
      return t;
    });
    guards.forEach(g -> g.startChecks(scheduler, channels));
  }

  @Override
  public synchronized void close() {
    guards.forEach(MinterGuard::close);
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
