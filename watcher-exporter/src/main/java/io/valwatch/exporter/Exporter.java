package io.valwatch.exporter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.action.ActionStatus;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.exporter.config.WebConfig;
import io.valwatch.exporter.http.ExporterHttpServer;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.exporter.metrics.CachedExposition;
import io.valwatch.exporter.metrics.JvmFamilies;
import io.valwatch.exporter.metrics.WatcherCollector;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

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
   * @throws ListenException when the address cannot be bound; the watcher is closed then
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
    return start(watcher, listen, WebConfig.NONE, registry, alsoClose);
  }

  /**
   * Like {@link #start(Watcher, ListenAddress, PrometheusRegistry, AutoCloseable...)}, with the HTTP server
   * secured as {@code web} says.
   */
  static Exporter start(
      Watcher watcher, ListenAddress listen, WebConfig web, PrometheusRegistry registry, AutoCloseable... alsoClose) {
    return start(watcher, listen, web, registry, List::of, alsoClose);
  }

  /**
   * Like {@link #start(Watcher, ListenAddress, WebConfig, PrometheusRegistry, AutoCloseable...)}, showing
   * {@code actions} on the status page and in its API.
   */
  static Exporter start(
      Watcher watcher,
      ListenAddress listen,
      WebConfig web,
      PrometheusRegistry registry,
      Supplier<List<ActionStatus>> actions,
      AutoCloseable... alsoClose) {
    WatcherCollector collector = new WatcherCollector(watcher::status, BuildInfo.current());
    registry.register(collector);
    JvmFamilies.register(registry);
    ExporterHttpServer http;
    try {
      http = ExporterHttpServer.builder(listen.toSocketAddress(), registry, watcher::status)
              .cachedExposition(new CachedExposition(registry, collector))
              .actions(actions)
              .web(web)
              .start();
    } catch (IOException e) {
      watcher.close();
      throw new ListenException(listenProblem(listen, e), e);
    }
    watcher.start();
    return new Exporter(watcher, http, alsoClose);
  }

  /** The port the HTTP server listens on. */
  int port() {
    return http.port();
  }

  /** {@code https} or {@code http}. */
  String scheme() {
    return http.scheme();
  }

  private static String listenProblem(ListenAddress listen, IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        String why = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (why.contains("in use")) {
          return "cannot listen on " + listen + ": the port is already in use (another valwatch?);"
              + " stop that process or choose another address with --listen or 'listen' in the configuration";
        }
        return "cannot listen on " + listen + ": " + cause.getMessage()
            + "; choose an address of this machine with --listen or 'listen' in the configuration";
      }
    }
    return "cannot listen on " + listen + ": " + e.getMessage();
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
