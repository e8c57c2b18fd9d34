package io.valwatch.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

class JvmFamiliesTest {
  private static Set<String> names(PrometheusRegistry registry) {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      names.add(snapshot.getMetadata().getPrometheusName());
    }
    return names;
  }

  /** One test, in this order: once anything has created the platform MBean server, it stays. */
  @Test
  void exportsWhatJvmMetricsExportsWithoutCreatingThePlatformMBeanServer() {
    assertThat(JvmFamilies.nativeMemoryTracked()).as("this test JVM runs without native memory tracking").isFalse();
    PrometheusRegistry ours = new PrometheusRegistry();

    JvmFamilies.register(ours);
    Set<String> exported = names(ours);

    assertThat(MBeanServerFactory.findMBeanServer(null)).isEmpty();
    PrometheusRegistry client = new PrometheusRegistry();
    JvmMetrics.builder().register(client);
    assertThat(exported)
        .contains("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds", "process_cpu_seconds",
            "jvm_runtime")
        .isEqualTo(names(client));
  }
}
