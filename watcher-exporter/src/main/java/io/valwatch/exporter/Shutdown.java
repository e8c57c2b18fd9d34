package io.valwatch.exporter;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Stops a running exporter on SIGTERM or Ctrl-C (SIGINT) so that the process exits with 0, as a clean stop
 * should: the JVM's own handling of these signals would exit with 143 or 130, which systemd and Kubernetes
 * count as a failure. Any other way the JVM exits still closes the exporter, through a shutdown hook.
 */
final class Shutdown {
  private final AutoCloseable resource;
  private final CountDownLatch requested = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private Shutdown(AutoCloseable resource) {
    this.resource = resource;
  }

  /** Watches for SIGTERM and SIGINT, and registers a shutdown hook, to close {@code resource}. */
  static Shutdown closeOnExit(AutoCloseable resource) {
    Shutdown shutdown = new Shutdown(resource);
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> shutdown.requested.countDown());
      } catch (IllegalArgumentException e) {
        // The platform has no such signal, or the JVM reserves it: its default handling, and the hook, remain.
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::close, "valwatch-shutdown"));
    return shutdown;
  }

  /** Blocks until a stop is asked for, then closes the resource. */
  void await() throws InterruptedException {
    requested.await();
    close();
  }

  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println("valwatch: error while stopping: " + e);
    }
  }
}
