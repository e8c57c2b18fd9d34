package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.ChainStatus;
import io.valwatch.EndpointStatus;
import io.valwatch.exporter.BuildInfo;
import io.valwatch.exporter.metrics.WatcherCollector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExporterHttpServerTest {
  private final AtomicReference<List<ChainStatus>> status = new AtomicReference<>(List.of());
  private final HttpClient client = HttpClient.newHttpClient();
  private ExporterHttpServer server;

  @BeforeEach
  void start() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new WatcherCollector(status::get, BuildInfo.current()));
    server = ExporterHttpServer.start(new InetSocketAddress("127.0.0.1", 0), registry, status::get);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ChainStatus chain(String id, EndpointStatus... endpoints) {
    return new ChainStatus(
        id, "cosmos-sdk", 10L, 10, 0, null, null, null, List.of(), null, null, null, null, List.of(), List.of(endpoints), List.of());
  }

  private static EndpointStatus endpoint(boolean up, boolean catchingUp) {
    return new EndpointStatus("http://127.0.0.1:26657", up, 10L, catchingUp, Map.of(), null);
  }

  @Test
  void statusPageNamesTheBuild() throws Exception {
    BuildInfo build = BuildInfo.current();

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("<span id=\"build\">valwatch " + build.version() + " (commit " + build.commit() + ", built ")
        .doesNotContain("{{build}}");
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void readyzIsOkWhenEveryChainHasASyncedEndpoint() throws Exception {
    status.set(List.of(chain("a-1", endpoint(false, false), endpoint(true, false)), chain("b-1", endpoint(true, false))));

    HttpResponse<String> response = get("/readyz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ready\n");
  }

  @Test
  void readyzListsTheChainsThatAreNotReady() throws Exception {
    status.set(
        List.of(
            chain("a-1", endpoint(true, false)),
            chain("b-1", endpoint(true, true)),
            chain("c-1", endpoint(false, false))));

    HttpResponse<String> response = get("/readyz");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("not ready: no synced RPC endpoint for chain(s):\nb-1\nc-1\n");
  }

  @Test
  void metricsSpeaksPrometheusTextByDefault() throws Exception {
    status.set(List.of(chain("a-1", endpoint(true, false))));

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE valwatch_chain_blocks_processed_total counter\n")
        .contains("valwatch_chain_height{chain_id=\"a-1\"} 10.0\n");
  }

  @Test
  void metricsSpeaksOpenMetricsWhenAsked() throws Exception {
    status.set(List.of(chain("a-1", endpoint(true, false))));

    HttpResponse<String> response =
        get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE valwatch_chain_blocks_processed counter\n")
        .endsWith("# EOF\n");
  }

  @Test
  void otherMethodsAreRefused() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void readyAndLiveAnswerLikeReadyzAndHealthzUnderKilnsNames() throws Exception {
    status.set(List.of(chain("a-1", endpoint(true, false)), chain("b-1", endpoint(false, false))));

    for (String[] pair : new String[][] {{"/ready", "/readyz"}, {"/live", "/healthz"}}) {
      HttpResponse<String> kiln = get(pair[0]);
      HttpResponse<String> own = get(pair[1]);
      assertThat(kiln.statusCode()).as(pair[0]).isEqualTo(own.statusCode());
      assertThat(kiln.body()).as(pair[0]).isEqualTo(own.body());
    }
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    assertThat(get("/live").statusCode()).isEqualTo(200);
    assertThat(get("/readyx").statusCode()).isEqualTo(404);
  }
}
