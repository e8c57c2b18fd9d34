package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.exporter.metrics.WatcherCollector;
import io.valwatch.model.ChainHealth;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    return ChainStatus.builder()
        .chainId(id)
        .pluginId("cosmos-sdk")
        .latestHeight(10L)
        .blocksProcessed(10)
        .gapBlocks(0)
        .activeValidatorUptimeRatios(List.of())
        .validators(List.of())
        .endpoints(List.of(endpoints))
        .activeAlerts(List.of())
        .build();
  }

  private static EndpointStatus endpoint(boolean up, boolean catchingUp) {
    return EndpointStatus.builder()
        .endpoint("http://127.0.0.1:26657")
        .up(up)
        .height(10L)
        .catchingUp(catchingUp)
        .requests(Map.of())
        .build();
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
    assertThat(response.body()).isEqualTo("not ready:\nb-1: no synced RPC endpoint\nc-1: no synced RPC endpoint\n");
  }

  @Test
  void readyzNamesEachChainWhoseWatcherDoesNotProcessPersistOrProgress() throws Exception {
    ChainStatus ok = chain("a-1", endpoint(true, false));
    status.set(
        List.of(
            ok,
            withHealth(chain("b-1", endpoint(true, false)),
                new ChainHealth(false, true, true, 3, 0, "processing fails: java.lang.OutOfMemoryError")),
            withHealth(chain("c-1", endpoint(true, false)),
                new ChainHealth(true, false, true, 0, 1, "state not saved: No space left on device")),
            withHealth(chain("d-1", endpoint(true, false)),
                new ChainHealth(true, true, false, 0, 0, "no height processed for 130 s while 12 height(s) wait"))));

    HttpResponse<String> response = get("/readyz");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .isEqualTo(
            "not ready:\n"
                + "b-1: not processing: processing fails: java.lang.OutOfMemoryError\n"
                + "c-1: not persisting: state not saved: No space left on device\n"
                + "d-1: not progressing: no height processed for 130 s while 12 height(s) wait\n");
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.body())
        .contains("valwatch_chain_processing{chain_id=\"b-1\"} 0.0\n")
        .contains("valwatch_chain_persisting{chain_id=\"c-1\"} 0.0\n")
        .contains("valwatch_chain_progressing{chain_id=\"d-1\"} 0.0\n")
        .contains("valwatch_chain_processing{chain_id=\"a-1\"} 1.0\n")
        .contains("valwatch_chain_loop_failures_total{chain_id=\"b-1\"} 3.0\n")
        .contains("valwatch_chain_state_save_failures_total{chain_id=\"c-1\"} 1.0\n");
  }

  private static ChainStatus withHealth(ChainStatus c, ChainHealth health) {
    return c.toBuilder()
        .health(health)
        .build();
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

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH"})
  void everyEndpointRefusesMethodsOtherThanGetAndHead(String method) throws Exception {
    for (String path : List.of("/metrics", "/healthz", "/readyz", "/", "/api/v1/status")) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .build();

      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).as(method + " " + path).hasValue("GET, HEAD");
    }
  }

  @Test
  void headAnswersWithTheLengthOfGetButNoBody() throws Exception {
    status.set(List.of(chain("a-1", endpoint(true, false))));
    HttpRequest head =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();

    HttpResponse<String> response = client.send(head, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("3");
    assertThat(response.body()).isEmpty();
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
