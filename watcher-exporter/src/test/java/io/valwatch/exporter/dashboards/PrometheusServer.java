package io.valwatch.exporter.dashboards;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.exporter.DebianTool;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Prometheus ({@code prometheus} on the PATH) on a free loopback port, for tests that evaluate PromQL
 * against what it scraped. Without the binary the calling test is skipped, except in CI ({@code CI=true})
 * where it fails.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final ChildProcess process;
  private final URI api;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(ChildProcess process, URI api) {
    this.process = process;
    this.api = api;
  }

  /** Starts Prometheus with {@code config}, its data under {@code workDir}, and waits until it is ready. */
  public static PrometheusServer start(Path config, Path workDir) throws Exception {
    Path binary = binary();
    int port = freePort();
    ChildProcess process =
        ChildProcess.start(
            "prometheus",
            List.of(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port),
            workDir);
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
    try {
      server.awaitReady();
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The result of an instant query; fails on any error Prometheus reports. */
  public JsonNode query(String expr, String what) throws Exception {
    return get("/api/v1/query?query=" + encode(expr), what + ": " + expr).path("data").path("result");
  }

  /** A GET of the HTTP API; fails unless it answers 200 with status success. */
  public JsonNode get(String pathAndQuery, String what) throws Exception {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(api.resolve(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = json.readTree(response.body());
    if (response.statusCode() != 200 || !body.path("status").asText().equals("success")) {
      fail(what + " failed with HTTP " + response.statusCode() + ": " + body.path("errorType").asText() + ": "
          + body.path("error").asText());
    }
    return body;
  }

  /** Fails with Prometheus's output when it has exited. */
  public void checkAlive() {
    process.checkAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plus(STARTUP);
    while (true) {
      process.checkAlive();
      try {
        HttpResponse<String> ready =
            http.send(HttpRequest.newBuilder(api.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (ConnectException notListeningYet) {
        // polled again below
      }
      if (Instant.now().isAfter(deadline)) {
        fail("Prometheus not ready within " + STARTUP.toSeconds() + " s:\n" + process.output());
      }
      Thread.sleep(200);
    }
  }

  private static Path binary() {
    return DebianTool.require("prometheus", "prometheus");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
