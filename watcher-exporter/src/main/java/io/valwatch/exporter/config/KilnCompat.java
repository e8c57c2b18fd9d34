package io.valwatch.exporter.config;

import io.valwatch.exporter.metrics.KilnMetrics;
import java.util.Objects;

/**
 * Exports kiln cosmos-validator-watcher's metrics besides valwatch's own ({@code compat: [kiln]}).
 *
 * @param namespace the prefix of every kiln metric name, as kiln's {@code --namespace}; empty for none
 */
public record KilnCompat(String namespace) {
  /** With kiln's default prefix, {@code cosmos_validator_watcher}. */
  public static final KilnCompat DEFAULT = new KilnCompat(KilnMetrics.DEFAULT_NAMESPACE);

  public KilnCompat {
    Objects.requireNonNull(namespace, "namespace");
    KilnMetrics.checkNamespace(namespace);
  }
}
