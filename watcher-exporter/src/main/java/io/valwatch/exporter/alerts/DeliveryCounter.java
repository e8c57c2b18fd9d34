package io.valwatch.exporter.alerts;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Counts deliveries as {@code valwatch_alerts_sent_total{channel,outcome}}. */
public final class DeliveryCounter {
  private final Counter counter;

  private DeliveryCounter(Counter counter) {
    this.counter = counter;
  }

  /** Creates the counter and registers it with {@code registry}. */
  public static DeliveryCounter register(PrometheusRegistry registry) {
    return new DeliveryCounter(
        Counter.builder()
            .name("valwatch_alerts_sent_total")
            .help("Alert notifications per channel by outcome: sent, failed, dropped or suppressed.")
            .labelNames("channel", "outcome")
            .register(registry));
  }

  /** Makes every outcome of {@code channel} visible at zero. */
  void initialize(String channel) {
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      counter.labelValues(channel, outcome.label());
    }
  }

  void count(String channel, DeliveryOutcome outcome) {
    counter.labelValues(channel, outcome.label()).inc();
  }

  /** The count so far. */
  long value(String channel, DeliveryOutcome outcome) {
    return (long) counter.labelValues(channel, outcome.label()).get();
  }
}
