package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.exporter.metrics.CachedExposition;
import io.valwatch.exporter.metrics.WatcherCollector;
import io.valwatch.model.ChainStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} served through the cached exposition answers every request as the client library's
 * handler does: content type by {@code Accept}, gzip by {@code Accept-Encoding}, {@code HEAD}, parameters.
 */
class CachedScrapeTest {
  private static final String OPEN_METRICS =
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private final HttpClient client = HttpClient.newHttpClient();
  private ExporterHttpServer cachedServer;
  private ExporterHttpServer plainServer;

  @AfterEach
  void stop() {
    cachedServer.close();
    plainServer.close();
  }

  @Test
  void answersAsTheLibraryHandlerDoes() throws Exception {
    Supplier<List<ChainStatus>> status = () -> List.of(io.valwatch.exporter.metrics.WatcherCollectorTestAccess.chain());
    PrometheusRegistry registry = new PrometheusRegistry();
    WatcherCollector watcher = new WatcherCollector(status, new BuildInfo("1.2.3", "0123456789ab", "2026-12-04T16:56:25Z"));
    registry.register(watcher);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    cachedServer = ExporterHttpServer.builder(any, registry, status).cachedExposition(new CachedExposition(registry, watcher)).start();
    plainServer = ExporterHttpServer.start(any, registry, status);

    for (String accept : new String[] {null, OPEN_METRICS, "text/plain"}) {
      for (String encoding : new String[] {null, "gzip", "deflate, gzip"}) {
        for (String method : new String[] {"GET", "HEAD"}) {
          for (String query : new String[] {"", "?name[]=valwatch_chain_height"}) {
            HttpResponse<byte[]> cached = get(cachedServer, method, query, accept, encoding);
            HttpResponse<byte[]> plain = get(plainServer, method, query, accept, encoding);
            String what = method + " " + query + " Accept " + accept + " Accept-Encoding " + encoding;
            assertThat(cached.statusCode()).as(what).isEqualTo(200).isEqualTo(plain.statusCode());
            for (String header : new String[] {"content-type", "content-encoding"}) {
              assertThat(cached.headers().allValues(header)).as(what + " " + header)
                  .isEqualTo(plain.headers().allValues(header));
            }
            assertThat(body(cached)).as(what).isEqualTo(body(plain));
            if (encoding == null) {
              assertThat(cached.headers().allValues("content-length")).as(what)
                  .isEqualTo(plain.headers().allValues("content-length"));
            }
            if (method.equals("HEAD")) {
              assertThat(cached.body()).as(what).isEmpty();
            } else {
              assertThat(new String(body(cached), java.nio.charset.StandardCharsets.UTF_8)).as(what)
                  .contains("valwatch_chain_height{chain_id=\"cosmoshub-4\"} 1000");
            }
          }
        }
      }
    }
  }

  private HttpResponse<byte[]> get(ExporterHttpServer server, String method, String query, String accept, String encoding)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics" + query))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (encoding != null) {
      request.header("Accept-Encoding", encoding);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] body(HttpResponse<byte[]> response) throws IOException {
    if (response.headers().firstValue("content-encoding").orElse("").equals("gzip") && response.body().length > 0) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
        return in.readAllBytes();
      }
    }
    return response.body();
  }
}
