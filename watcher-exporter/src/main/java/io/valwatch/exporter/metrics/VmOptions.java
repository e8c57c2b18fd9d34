package io.valwatch.exporter.metrics;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The HotSpot VM's options, read from its diagnostic MXBean directly rather than through the platform MBean
 * server, which would be created (with every platform MBean registered) by the first lookup.
 */
public final class VmOptions {
  private VmOptions() {}

  /** The value of the VM option {@code name}; empty on a VM that is not HotSpot or does not know the option. */
  public static Optional<String> value(String name) {
    HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (hotSpot == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(hotSpot.getVMOption(name).getValue());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
