package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.dashboards.PrometheusServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the exporter over TLS with a client certificate and basic authentication, as its
 * documentation tells operators to configure it; a second job with a wrong password must be refused.
 */
@Timeout(180)
class PrometheusScrapesSecuredExporterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void prometheusScrapesWithTlsConfigAndBasicAuth() throws Exception {
    TestPki pki = TestPki.create(dir);
    Path webConfig = dir.resolve("web.yml");
    Files.writeString(
        webConfig,
        """
        tls_server_config:
          cert_file: server.pem
          key_file: server-key.pem
          client_ca_file: ca.pem
          client_auth_type: RequireAndVerifyClientCert
        basic_auth_users:
        """
            + WebSecurityTest.users());
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("valwatch_test_value").help("a value").register(registry).set(42);
    try (ExporterHttpServer exporter =
            ExporterHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                registry,
                List::of,
                new ConfigLoader(name -> null, Set.of()).loadWebConfig(webConfig));
        PrometheusServer prometheus = PrometheusServer.start(writeScrapeConfig(exporter.port(), pki), dir)) {
      Map<String, JsonNode> targets = awaitTargets(prometheus);

      assertThat(targets.get("valwatch").path("health").asText()).isEqualTo("up");
      assertThat(targets.get("wrong-password").path("health").asText()).isEqualTo("down");
      assertThat(targets.get("wrong-password").path("lastError").asText()).contains("401");
      assertThat(prometheus.query("valwatch_test_value", "the scraped value").get(0).path("value").get(1).asText())
          .isEqualTo("42");
    }
  }

  private Path writeScrapeConfig(int exporterPort, TestPki pki) throws java.io.IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, scrapeConfig(exporterPort, pki));
    return config;
  }

  private static String scrapeConfig(int exporterPort, TestPki pki) {
    StringBuilder yaml = new StringBuilder("global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n");
    for (String[] job : new String[][] {{"valwatch", "s3cret"}, {"wrong-password", "not-the-password"}}) {
      yaml.append(
          """
            - job_name: %s
              scheme: https
              tls_config:
                ca_file: %s
                cert_file: %s
                key_file: %s
              basic_auth:
                username: prometheus
                password: %s
              static_configs:
                - targets: ['127.0.0.1:%d']
          """
              .formatted(job[0], pki.caCert, pki.clientCert, pki.clientKey, job[1], exporterPort));
    }
    return yaml.toString();
  }

  /**
   * Every active target by job, once the right job's scrape has succeeded and the wrong one has been refused
   * (a scrape can time out on a loaded machine; the next one decides).
   */
  private static Map<String, JsonNode> awaitTargets(PrometheusServer prometheus) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (true) {
      prometheus.checkAlive();
      Map<String, JsonNode> byJob = new HashMap<>();
      for (JsonNode target : prometheus.get("/api/v1/targets?state=active", "targets").path("data").path("activeTargets")) {
        byJob.put(target.path("labels").path("job").asText(), target);
      }
      if (byJob.size() == 2
          && byJob.get("valwatch").path("health").asText().equals("up")
          && byJob.get("wrong-password").path("lastError").asText().contains("401")
          && !prometheus.query("valwatch_test_value", "the scraped value").isEmpty()) {
        return byJob;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Prometheus did not scrape as expected in time: " + byJob);
      }
      Thread.sleep(500);
    }
  }
}
