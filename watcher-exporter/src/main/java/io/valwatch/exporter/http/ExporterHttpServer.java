package io.valwatch.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.ChainStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 *   <li>{@code /readyz}: 200 when every chain has a synced endpoint, otherwise 503 listing the chains
 *       that do not
 * </ul>
 */
public final class ExporterHttpServer implements AutoCloseable {
  private static final int THREADS = 4;

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
   * @param status the state of every chain, for {@code /readyz}
   * @throws IOException when the address cannot be bound
   */
  public static ExporterHttpServer start(
      InetSocketAddress address, PrometheusRegistry registry, Supplier<List<ChainStatus>> status)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(status, "status");
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
    server.createContext("/healthz", plainText(() -> new Reply(200, "ok\n")));
    server.createContext("/readyz", plainText(() -> readiness(status.get())));
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

  private record Reply(int status, String body) {}

  private static Reply readiness(List<ChainStatus> chains) {
    List<String> notReady =
        chains.stream().filter(c -> !c.hasSyncedEndpoint()).map(ChainStatus::chainId).toList();
    if (notReady.isEmpty()) {
      return new Reply(200, "ready\n");
    }
    return new Reply(
        503, "not ready: no synced RPC endpoint for chain(s):\n" + String.join("\n", notReady) + "\n");
  }

  private static HttpHandler plainText(Supplier<Reply> reply) {
    return exchange -> {
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          send(exchange, new Reply(405, "method not allowed\n"));
          return;
        }
        Reply r;
        try {
          r = reply.get();
        } catch (RuntimeException e) {
          r = new Reply(500, "status unavailable: " + e + "\n");
        }
        send(exchange, r);
      }
    };
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
