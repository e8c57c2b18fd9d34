package io.valwatch.exporter.http;

import io.valwatch.exporter.metrics.VmOptions;

/**
 * Gives Jetty the references per cache line it would otherwise work out at class initialisation by asking the
 * platform MBean server whether compressed references are on: that lookup creates the server and registers
 * every platform MBean, several MiB of a daemon's resident memory for one boolean. The figure is Jetty's own
 * rule (a reference is an int with compressed references, a long without); a value set on the command line
 * wins.
 */
final class JettyCacheLines {
  static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";
  private static final String CACHE_LINE_BYTES = "org.eclipse.jetty.util.cacheLineBytes";
  private static final int DEFAULT_CACHE_LINE_BYTES = 64;

  private JettyCacheLines() {}

  /** Sets the system property Jetty reads, unless it is set already or the VM's options cannot be read. */
  static void preset() {
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) != null) {
      return;
    }
    VmOptions.value("UseCompressedOops").ifPresent(compressed -> {
      int cacheLineBytes = Integer.getInteger(CACHE_LINE_BYTES, DEFAULT_CACHE_LINE_BYTES);
      int referenceBytes = Boolean.parseBoolean(compressed) ? Integer.BYTES : Long.BYTES;
      System.setProperty(REFERENCES_PER_CACHE_LINE, Integer.toString(cacheLineBytes / referenceBytes));
    });
  }
}
