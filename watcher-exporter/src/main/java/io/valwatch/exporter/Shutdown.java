package io.valwatch.exporter;

import java.util.concurrent.CountDownLatch;

/** Closes a running exporter when the JVM is asked to exit (SIGTERM, Ctrl-C). */
final class Shutdown {
  private final CountDownLatch closed = new CountDownLatch(1);

  private Shutdown() {}

  /** Registers a shutdown hook that closes {@code resource}. */
  static Shutdown closeOnExit(AutoCloseable resource) {
    Shutdown shutdown = new Shutdown();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    resource.close();
                  } catch (Exception e) {
                    System.err.println("valwatch: error while stopping: " + e);
                  } finally {
                    shutdown.closed.countDown();
                  }
                },
                "valwatch-shutdown"));
    return shutdown;
  }

  /** Blocks until the resource has been closed. */
  void await() throws InterruptedException {
    closed.await();
  }
}
