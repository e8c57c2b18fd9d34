package io.valwatch.exporter.actions;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.action.ActionStatus;
import io.valwatch.action.Outcome;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code valwatch_actions_total{action,outcome}}, every attempt by outcome (each outcome present from the
 * start), and {@code valwatch_action_armed{action}}, read from the engine at each scrape.
 */
public final class ActionMetrics {
  private ActionMetrics() {}

  public static void register(PrometheusRegistry registry, Supplier<List<ActionStatus>> actions) {
    CounterWithCallback.builder()
        .name("valwatch_actions_total")
        .help("Attempts of each action since start by outcome: succeeded, failed, timed_out, dry_run, disarmed,"
            + " cooldown, contradicted, unconfirmed, state_not_saved.")
        .labelNames("action", "outcome")
        .callback(cb -> {
          for (ActionStatus a : actions.get()) {
            for (Outcome o : Outcome.values()) {
              cb.call(a.attempts().getOrDefault(o, 0L), a.name(), o.label());
            }
          }
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("valwatch_action_armed")
        .help("1 while the action may run, 0 from its run until it is re-armed.")
        .labelNames("action")
        .callback(cb -> actions.get().forEach(a -> cb.call(a.state().armed() ? 1 : 0, a.name())))
        .register(registry);
  }
}
