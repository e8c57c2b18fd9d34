package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.WebConfig;
import io.valwatch.exporter.DebianTool;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter secured by an exporter-toolkit web configuration, reached by real clients: OkHttp and the
 * {@code curl} command line, with certificates made by {@code openssl}.
 */
@Timeout(120)
class WebSecurityTest {
  /** bcrypt hashes of {@code s3cret} made by libxcrypt (Python's crypt module), one of each variant. */
  static final Map<String, String> USERS =
      Map.of(
          "prometheus", "$2y$10$abcdefghijklmnopqrstuu3KWNuWLhBnmgYfnzONPueahDuedC/lu",
          "alice", "$2b$10$dvPSsaYaZjLn0kL6444DBOI145KE0kytQeo2mG6FpPbGc9m3UgJDu",
          "bob", "$2a$05$ABCDEFGHIJKLMNOPQRSTUu32lqd5NmGhatVOR7CaAGE3J/05gcNua");

  @TempDir Path dir;
  private ExporterHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void basicAuthOverTlsAdmitsOnlyTheRightPasswords() throws Exception {
    TestPki pki = TestPki.create(dir);
    start(
        """
        tls_server_config:
          cert_file: server.pem
          key_file: server-key.pem
        basic_auth_users:
        """
            + users());
    OkHttpClient client = okHttp(pki, null);

    try (Response anonymous = client.newCall(get("/metrics").build()).execute()) {
      assertThat(anonymous.code()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
      assertThat(anonymous.body().string()).doesNotContain("valwatch_test_value");
    }
    for (String user : USERS.keySet()) {
      try (Response response = client.newCall(get("/metrics").header("Authorization", Credentials.basic(user, "s3cret")).build()).execute()) {
        assertThat(response.code()).as(user).isEqualTo(200);
        assertThat(response.body().string()).contains("valwatch_test_value 42.0");
      }
    }
    for (String[] wrong : new String[][] {{"prometheus", "S3cret"}, {"prometheus", ""}, {"mallory", "s3cret"}}) {
      try (Response response =
          client.newCall(get("/healthz").header("Authorization", Credentials.basic(wrong[0], wrong[1])).build()).execute()) {
        assertThat(response.code()).as(wrong[0] + ":" + wrong[1]).isEqualTo(401);
      }
    }

    assertThat(curl("--cacert", pki.caCert.toString(), "-u", "prometheus:s3cret", url("/healthz"))).isEqualTo("200");
    assertThat(curl("--cacert", pki.caCert.toString(), url("/healthz"))).isEqualTo("401");
    assertThat(curl("--cacert", pki.caCert.toString(), "-u", "prometheus:wrong", url("/metrics"))).isEqualTo("401");
    assertThat(curl("-u", "prometheus:s3cret", url("/healthz"))).as("a client that does not trust the CA").isEqualTo("error");
    assertThat(curl("-u", "prometheus:s3cret", url("/healthz").replace("https:", "http:"))).as("plain HTTP").isNotEqualTo("200");
  }

  @Test
  void requireAndVerifyClientCertAdmitsOnlyClientsOfTheConfiguredCa() throws Exception {
    TestPki pki = TestPki.create(dir);
    TestPki stranger = TestPki.create(Files.createDirectory(dir.resolve("stranger")));
    start(
        """
        tls_server_config:
          cert_file: server.pem
          key_file: server-key.pem
          client_ca_file: ca.pem
          client_auth_type: RequireAndVerifyClientCert
        """);

    try (Response response = okHttp(pki, pki.clientPkcs12()).newCall(get("/healthz").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThatThrownBy(() -> okHttp(pki, null).newCall(get("/healthz").build()).execute().close())
        .as("no client certificate")
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> okHttp(pki, stranger.clientPkcs12()).newCall(get("/healthz").build()).execute().close())
        .as("a client certificate from another CA")
        .isInstanceOf(IOException.class);

    String ca = pki.caCert.toString();
    assertThat(curl("--cacert", ca, "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString(), url("/healthz")))
        .isEqualTo("200");
    assertThat(curl("--cacert", ca, url("/healthz"))).isEqualTo("error");
    assertThat(curl("--cacert", ca, "--cert", stranger.clientCert.toString(), "--key", stranger.clientKey.toString(), url("/healthz")))
        .isEqualTo("error");
  }

  @Test
  void minVersionTls13RefusesTls12Clients() throws Exception {
    TestPki pki = TestPki.create(dir);
    start(
        """
        tls_server_config:
          cert_file: server.pem
          key_file: server-key.pem
          min_version: TLS13
        """);

    assertThat(curl("--cacert", pki.caCert.toString(), "--tlsv1.2", "--tls-max", "1.2", url("/healthz"))).isEqualTo("error");
    assertThat(curl("--cacert", pki.caCert.toString(), "--tlsv1.3", url("/healthz"))).isEqualTo("200");
  }

  @Test
  void configuredHeadersAreSentWithEveryAnswer() throws Exception {
    start(
        """
        http_server_config:
          headers:
            X-Frame-Options: deny
            Content-Security-Policy: "default-src 'self'"
        """);
    OkHttpClient client = new OkHttpClient();

    try (Response response =
        client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/").build()).execute()) {
      assertThat(response.header("X-Frame-Options")).isEqualTo("deny");
      assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
    }
  }

  static String users() {
    StringBuilder yaml = new StringBuilder();
    USERS.forEach((user, hash) -> yaml.append("  ").append(user).append(": ").append(hash).append('\n'));
    return yaml.toString();
  }

  private void start(String webConfigYaml) throws IOException {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, webConfigYaml);
    WebConfig web = new ConfigLoader(name -> null, Set.of()).loadWebConfig(file);
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("valwatch_test_value").help("a value").register(registry).set(42);
    server = ExporterHttpServer.start(new InetSocketAddress("127.0.0.1", 0), registry, List::of, web);
  }

  private String url(String path) {
    return server.scheme() + "://127.0.0.1:" + server.port() + path;
  }

  private Request.Builder get(String path) {
    return new Request.Builder().url(url(path));
  }

  /** The HTTP status curl got, or {@code error} when it got none (TLS refused, connection closed). */
  private static String curl(String... args) throws IOException, InterruptedException {
    DebianTool.require("curl", "curl");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String code;
    try (InputStream out = process.getInputStream()) {
      code = new String(out.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
    process.waitFor(20, TimeUnit.SECONDS);
    return process.exitValue() == 0 ? code : "error";
  }

  /** An OkHttp client that trusts the test CA, presenting the client certificate in {@code clientP12} if given. */
  static OkHttpClient okHttp(TestPki pki, Path clientP12) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pki.caCert)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    X509TrustManager trustManager = (X509TrustManager) trustManagers.getTrustManagers()[0];
    KeyManagerFactory keyManagers = null;
    if (clientP12 != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(clientP12)) {
        keys.load(in, "changeit".toCharArray());
      }
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, "changeit".toCharArray());
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers == null ? null : keyManagers.getKeyManagers(), new javax.net.ssl.TrustManager[] {trustManager}, null);
    return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trustManager).build();
  }
}
