package io.valwatch.exporter.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.action.ActionStatus;
import io.valwatch.exporter.config.WebConfig;
import io.valwatch.exporter.metrics.CachedExposition;
import io.valwatch.model.ChainStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

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
 *   <li>{@code /api/v1/status}: every chain and tracked validator, and every action, as JSON, for scripts
 * </ul>
 *
 * <p>Only {@code GET} and {@code HEAD} are answered (405 otherwise). The server is Jetty: it reads requests
 * without blocking, so a client that sends its request slowly holds a connection but no thread, and a
 * connection that has not completed a request within {@link #REQUEST_DEADLINE} is closed. With a {@link
 * WebConfig}, it speaks TLS (optionally verifying client certificates) and asks for basic authentication.
 */
public final class ExporterHttpServer implements AutoCloseable {
  /** How long a connection may take to deliver a complete request, counted from its opening or last answer. */
  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  private static final int MAX_THREADS = 16;
  private static final int MIN_THREADS = 2;
  private static final int MAX_CONNECTIONS = 512;
  private static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService sweeper;
  private final boolean tls;

  private ExporterHttpServer(Server server, ServerConnector connector, ScheduledExecutorService sweeper, boolean tls) {
    this.server = server;
    this.connector = connector;
    this.sweeper = sweeper;
    this.tls = tls;
  }

  /**
   * Binds {@code address} and starts serving plain HTTP without authentication.
   *
   * @param registry the metrics served on {@code /metrics}
   * @param status the state of every chain, for {@code /readyz}, the status page and its API
   * @throws IOException when the address cannot be bound
   */
  public static ExporterHttpServer start(
      InetSocketAddress address, PrometheusRegistry registry, Supplier<List<ChainStatus>> status)
      throws IOException {
    return builder(address, registry, status).start();
  }

  /**
   * Binds {@code address} and starts serving, secured as {@code web} says.
   *
   * @param web TLS, basic authentication and extra headers; {@link WebConfig#NONE} for none
   * @see #start(InetSocketAddress, PrometheusRegistry, Supplier)
   */
  public static ExporterHttpServer start(
      InetSocketAddress address, PrometheusRegistry registry, Supplier<List<ChainStatus>> status, WebConfig web)
      throws IOException {
    return builder(address, registry, status).web(web).start();
  }

  /**
   * A server for {@code address}, to be secured, given a cached exposition or actions before it starts.
   *
   * @param registry the metrics served on {@code /metrics}
   * @param status the state of every chain, for {@code /readyz}, the status page and its API
   */
  public static Builder builder(
      InetSocketAddress address, PrometheusRegistry registry, Supplier<List<ChainStatus>> status) {
    return new Builder(address, registry, status);
  }

  /** What a server serves besides its metrics and chains; {@link #start()} binds and starts it. */
  public static final class Builder {
    private final InetSocketAddress address;
    private final PrometheusRegistry registry;
    private final Supplier<List<ChainStatus>> status;
    private CachedExposition cached;
    private Supplier<List<ActionStatus>> actions = List::of;
    private WebConfig web = WebConfig.NONE;
    private Duration requestDeadline = REQUEST_DEADLINE;

    private Builder(InetSocketAddress address, PrometheusRegistry registry, Supplier<List<ChainStatus>> status) {
      this.address = Objects.requireNonNull(address, "address");
      this.registry = Objects.requireNonNull(registry, "registry");
      this.status = Objects.requireNonNull(status, "status");
    }

    /** TLS, basic authentication and extra headers; {@link WebConfig#NONE} (the default) for none. */
    public Builder web(WebConfig web) {
      this.web = Objects.requireNonNull(web, "web");
      return this;
    }

    /**
     * Writes {@code /metrics} in the text formats through {@code cached}, which caches the validators' families
     * between their changes; {@code cached} writes the registry's exposition.
     */
    public Builder cachedExposition(CachedExposition cached) {
      this.cached = Objects.requireNonNull(cached, "cached");
      return this;
    }

    /** The state of every action, in configuration order, for the status page and its API; none by default. */
    public Builder actions(Supplier<List<ActionStatus>> actions) {
      this.actions = Objects.requireNonNull(actions, "actions");
      return this;
    }

    Builder requestDeadline(Duration requestDeadline) {
      this.requestDeadline = Objects.requireNonNull(requestDeadline, "requestDeadline");
      return this;
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public ExporterHttpServer start() throws IOException {
      return ExporterHttpServer.start(address, registry, cached, status, actions, web, requestDeadline);
    }
  }

  private static ExporterHttpServer start(
      InetSocketAddress address,
      PrometheusRegistry registry,
      CachedExposition cached,
      Supplier<List<ChainStatus>> status,
      Supplier<List<ActionStatus>> actions,
      WebConfig web,
      Duration requestDeadline)
      throws IOException {
    JettyCacheLines.preset();
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
    threads.setName("valwatch-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(1_000);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    HttpConnectionFactory http1 = new HttpConnectionFactory(http);
    ConnectionFactory[] factories;
    if (web.tls().isPresent()) {
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // Scrapers reach the exporter by address as often as by name: the certificate's names are the client's to check.
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      factories =
          new ConnectionFactory[] {
            new SslConnectionFactory(TlsContexts.server(web.tls().get()), http1.getProtocol()), http1
          };
    } else {
      factories = new ConnectionFactory[] {http1};
    }
    ServerConnector connector = new ServerConnector(server, 1, 1, factories);
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    RequestDeadlines deadlines = new RequestDeadlines(requestDeadline, System::nanoTime);
    connector.addBean(deadlines);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    server.setHandler(new Routes(registry, cached, status, actions, StatusPage.load(), BasicAuth.of(web.basicAuthUsers()), web.headers(), deadlines));

    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "valwatch-http-deadlines");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, requestDeadline.toMillis() / 4);
    sweeper.scheduleWithFixedDelay(deadlines::closeOverdue, period, period, TimeUnit.MILLISECONDS);
    try {
      server.start();
    } catch (Exception e) {
      sweeper.shutdownNow();
      stopQuietly(server);
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getMessage(), e);
    }
    return new ExporterHttpServer(server, connector, sweeper, web.tls().isPresent());
  }

  /** The bound port; useful after binding port 0. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code https} when the server speaks TLS, else {@code http}. */
  public String scheme() {
    return tls ? "https" : "http";
  }

  /** Stops accepting requests and gives running ones a second to finish. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: the process is going away or the server never started.
    }
  }
}
