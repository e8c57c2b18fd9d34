package io.valwatch.exporter;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.exporter.http.ExporterHttpServer;
import io.valwatch.exporter.metrics.WatcherCollector;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A running exporter: a started {@link Watcher} and the HTTP server that exposes it. Closing it stops the
 * server first, then the watcher, then whatever else it was given to close.
 */
final class Exporter implements AutoCloseable {
  private final Watcher watcher;
  private final ExporterHttpServer http;
  private final AutoCloseable[] alsoClose;

  private Exporter(Watcher watcher, ExporterHttpServer http, AutoCloseable[] alsoClose) {
    this.watcher = watcher;
    this.http = http;
    this.alsoClose = alsoClose;
  }

  /**
   * Serves {@code watcher}'s metrics on {@code listen} and starts the watcher.
   *
   * @param alsoClose closed after the watcher, in order (a simulated chain, say)
   * @throws UncheckedIOException when the address cannot be bound; the watcher is closed then
   */
  static Exporter start(Watcher watcher, ListenAddress listen, AutoCloseable... alsoClose) {
    return start(watcher, listen, new PrometheusRegistry(), alsoClose);
  }

  /**
   * Like {@link #start(Watcher, ListenAddress, AutoCloseable...)}, serving {@code registry}, which may already
   * hold other metrics (alert deliveries, say).
   */
  static Exporter start(
      Watcher watcher, ListenAddress listen, PrometheusRegistry registry, AutoCloseable... alsoClose) {
    registry.register(new WatcherCollector(watcher::status, BuildInfo.current()));
    JvmMetrics.builder().register(registry);
    ExporterHttpServer http;
    try {
      http = ExporterHttpServer.start(listen.toSocketAddress(), registry, watcher::status);
    } catch (IOException e) {
      watcher.close();
      throw new UncheckedIOException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    watcher.start();
    return new Exporter(watcher, http, alsoClose);
  }

  /** The port the HTTP server listens on. */
  int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
    watcher.close();
    for (AutoCloseable resource : alsoClose) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + resource, e);
      }
    }
  }
}
