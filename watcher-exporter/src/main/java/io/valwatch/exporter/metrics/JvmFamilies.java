package io.valwatch.exporter.metrics;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The {@code jvm_*} and {@code process_*} families of the Prometheus Java client's {@code JvmMetrics}, without
 * creating the platform MBean server when nothing would come of it.
 *
 * <p>{@code JvmMetrics} asks the platform MBean server whether native memory tracking is on, which creates that
 * server and registers every platform MBean (about 140 classes and several MiB of a daemon's resident memory).
 * The other families read the MXBeans directly. So the native memory families are registered only when the JVM
 * runs with {@code -XX:NativeMemoryTracking}, the only case in which they export anything.
 */
public final class JvmFamilies {
  private JvmFamilies() {}

  /** Registers the families in {@code registry}. */
  public static void register(PrometheusRegistry registry) {
    PrometheusProperties config = PrometheusProperties.get();
    JvmThreadsMetrics.builder(config).register(registry);
    JvmBufferPoolMetrics.builder(config).register(registry);
    JvmClassLoadingMetrics.builder(config).register(registry);
    JvmCompilationMetrics.builder(config).register(registry);
    JvmGarbageCollectorMetrics.builder(config).register(registry);
    JvmMemoryPoolAllocationMetrics.builder(config).register(registry);
    JvmMemoryMetrics.builder(config).register(registry);
    if (nativeMemoryTracked()) {
      JvmNativeMemoryMetrics.builder(config).register(registry);
    }
    JvmRuntimeInfoMetric.builder(config).register(registry);
    ProcessMetrics.builder(config).register(registry);
  }

  /** Whether the JVM tracks native memory; true when it cannot tell, so that the client finds out itself. */
  static boolean nativeMemoryTracked() {
    return !VmOptions.value("NativeMemoryTracking").orElse("unknown").equals("off");
  }
}
