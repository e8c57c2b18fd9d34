package io.valwatch.exporter.http;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.ChainStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The exporter's HTTP endpoints:
 *
 * <ul>
 *   <li>{@code /metrics}: Prometheus text or OpenMetrics, chosen by the {@code Accept} header
 *   <li>{@code /healthz}: 200 while the process is alive
 *   <li>{@code /readyz}: 200 when every chain has a synced endpoint and its watcher is processing,
 *       persisting and progressing, otherwise 503 naming each chain and what fails
 *   <li>{@code /live} and {@code /ready}: the same as {@code /healthz} and {@code /readyz}, under kiln
 *       cosmos-validator-watcher's names
 *   <li>{@code /}: a status page for people, drawn from {@code /api/v1/status}
 *   <li>{@code /api/v1/status}: every chain and tracked validator as JSON, for scripts
 * </ul>
 */
public final class ExporterHttpServer implements AutoCloseable {
  private static final int THREADS = 4;
  private static final String STATUS_API = "/api/v1/status";

  private final HttpServer server;
  private final ExecutorService executor;

  private ExporterHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @param registry the metrics served on {@code /metrics}
   * @param status the state of every chain, for {@code /readyz}, the status page and its API
   * @throws IOException when the address cannot be bound
   */
  public static ExporterHttpServer start(
      InetSocketAddress address, PrometheusRegistry registry, Supplier<List<ChainStatus>> status)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(status, "status");
    StatusPage page = StatusPage.load();
    HttpServer server = HttpServer.create(address, 0);
    AtomicInteger threadCount = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "valwatch-http-" + threadCount.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", new GetHandler("/healthz", () -> Reply.text(200, "ok\n")));
    server.createContext("/readyz", new GetHandler("/readyz", () -> readiness(status.get())));
    // kiln cosmos-validator-watcher's names for the same two probes.
    server.createContext("/live", new GetHandler("/live", () -> Reply.text(200, "ok\n")));
    server.createContext("/ready", new GetHandler("/ready", () -> readiness(status.get())));
    server.createContext("/", new GetHandler("/", page::reply));
    server.createContext(STATUS_API, new GetHandler(STATUS_API, () -> StatusJson.reply(status.get())));
    server.start();
    return new ExporterHttpServer(server, executor);
  }

  /** The bound port; useful after binding port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and gives running ones a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Reply readiness(List<ChainStatus> chains) {
    List<String> problems = Readiness.problems(chains);
    if (problems.isEmpty()) {
      return Reply.text(200, "ready\n");
    }
    return Reply.text(503, "not ready:\n" + String.join("\n", problems) + "\n");
  }
}
