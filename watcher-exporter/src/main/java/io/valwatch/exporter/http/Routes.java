package io.valwatch.exporter.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.action.ActionStatus;
import io.valwatch.exporter.metrics.CachedExposition;
import io.valwatch.model.ChainStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request: basic authentication first when configured, then the path (404 when unknown),
 * then the method ({@code GET} and {@code HEAD} only, else 405), then the endpoint's reply.
 */
final class Routes extends Handler.Abstract {
  private static final String METRICS = "/metrics";

  private final PrometheusScrapeHandler scrape;
  private final CachedExposition cached;
  private final ExpositionFormats formats;
  private final boolean preferUncompressed;
  private final Map<String, Supplier<Reply>> replies;
  private final BasicAuth auth;
  private final Map<String, String> extraHeaders;
  private final RequestDeadlines deadlines;

  /**
   * @param cached writes {@code registry}'s exposition in the text formats with the validators' families
   *     cached; {@code null} to write every scrape with the client library's handler
   */
  Routes(
      PrometheusRegistry registry,
      CachedExposition cached,
      Supplier<List<ChainStatus>> status,
      Supplier<List<ActionStatus>> actions,
      StatusPage page,
      BasicAuth auth,
      Map<String, String> extraHeaders,
      RequestDeadlines deadlines) {
    PrometheusProperties properties = PrometheusProperties.get();
    this.scrape = new PrometheusScrapeHandler(properties, registry);
    this.cached = cached;
    this.formats = ExpositionFormats.init(properties.getExporterProperties());
    this.preferUncompressed = properties.getExporterHttpServerProperties().isPreferUncompressedResponse();
    Supplier<Reply> live = () -> Reply.text(200, "ok\n");
    Supplier<Reply> ready = () -> readiness(status.get());
    this.replies =
        Map.of(
            "/healthz", live,
            "/readyz", ready,
            // kiln cosmos-validator-watcher's names for the same two probes.
            "/live", live,
            "/ready", ready,
            "/", page::reply,
            "/api/v1/status", () -> StatusJson.reply(status.get(), actions.get()));
    this.auth = auth;
    this.extraHeaders = Map.copyOf(extraHeaders);
    this.deadlines = deadlines;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    deadlines.requestStarted(request.getConnectionMetaData());
    Callback done = deadlines.finishing(request.getConnectionMetaData(), callback);
    extraHeaders.forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (!auth.permits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"valwatch\", charset=\"UTF-8\"");
      send(request, response, done, Reply.text(401, "unauthorized\n"));
      return true;
    }
    String path = Request.getPathInContext(request);
    Supplier<Reply> reply = replies.get(path);
    if (reply == null && !path.equals(METRICS)) {
      send(request, response, done, Reply.text(404, "not found\n"));
      return true;
    }
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      send(request, response, done, Reply.text(405, "method not allowed\n"));
      return true;
    }
    if (reply == null) {
      scrape(request, response, done);
      return true;
    }
    Reply r;
    try {
      r = reply.get();
    } catch (RuntimeException e) {
      r = Reply.text(500, "status unavailable: " + e + "\n");
    }
    send(request, response, done, r);
    return true;
  }

  private void scrape(Request request, Response response, Callback callback) {
    if (cached != null && request.getHttpURI().getQuery() == null) {
      String accept = request.getHeaders().get(HttpHeader.ACCEPT);
      ExpositionFormatWriter writer = formats.findWriter(accept);
      if (CachedExposition.supports(writer)) {
        scrapeCached(request, response, callback, writer, EscapingScheme.fromAcceptHeader(accept));
        return;
      }
    }
    ScrapeExchange exchange = new ScrapeExchange(request, response);
    try {
      scrape.handleRequest(exchange);
    } catch (IOException | RuntimeException e) {
      exchange.failed(e);
    }
    if (exchange.failure() != null) {
      send(request, response, callback, Reply.text(500, "metrics unavailable: " + exchange.failure() + "\n"));
      return;
    }
    response.setStatus(exchange.status());
    write(request, response, callback, exchange.body());
  }

  /**
   * What the client library's handler answers to a request without parameters in a text format, the
   * exposition written by {@link CachedExposition}: the same content type, gzip when the client accepts it.
   */
  private void scrapeCached(
      Request request, Response response, Callback callback, ExpositionFormatWriter writer, EscapingScheme escaping) {
    byte[] body;
    try {
      boolean gzip = gzipAccepted(request);
      // The library's handler answers HEAD with no length unless it compresses.
      body = request.getMethod().equals("HEAD") && !gzip ? new byte[0] : cached.write(writer, escaping);
      if (gzip) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 8 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
          out.write(body);
        }
        body = compressed.toByteArray();
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
      }
    } catch (IOException | RuntimeException e) {
      response.getHeaders().remove(HttpHeader.CONTENT_ENCODING);
      send(request, response, callback, Reply.text(500, "metrics unavailable: " + e + "\n"));
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
    write(request, response, callback, body);
  }

  /** As the client library's handler decides it: a {@code gzip} item in an {@code Accept-Encoding} header. */
  private boolean gzipAccepted(Request request) {
    if (preferUncompressed) {
      return false;
    }
    for (String header : request.getHeaders().getValuesList(HttpHeader.ACCEPT_ENCODING)) {
      for (String coding : header.split(",")) {
        if (coding.trim().equalsIgnoreCase("gzip")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void send(Request request, Response response, Callback callback, Reply reply) {
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    write(request, response, callback, reply.body());
  }

  /** Sends {@code body} whole; a client that went away only fails the callback, which Jetty logs at debug level. */
  private static void write(Request request, Response response, Callback callback, byte[] body) {
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
  }

  private static Reply readiness(List<ChainStatus> chains) {
    List<String> problems = Readiness.problems(chains);
    if (problems.isEmpty()) {
      return Reply.text(200, "ready\n");
    }
    return Reply.text(503, "not ready:\n" + String.join("\n", problems) + "\n");
  }
}
