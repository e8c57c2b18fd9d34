package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.exporter.http.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigLoadingTest {
  private static final String HASH = "$2y$10$abcdefghijklmnopqrstuu3KWNuWLhBnmgYfnzONPueahDuedC/lu";

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader(name -> null, Set.of());

  private WebConfig load(String yaml) throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, yaml);
    return loader.loadWebConfig(file);
  }

  private List<String> problems(String yaml) throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, yaml);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.loadWebConfig(file));
    assertThat(e).as("expected the web configuration to be refused").isNotNull();
    return e.problems().stream().map(p -> p.toString().replace(file.toString(), "web.yml")).toList();
  }

  @Test
  void readsEverySupportedSettingWithFilesRelativeToTheWebConfig() throws Exception {
    TestPki.create(dir);

    WebConfig web =
        load(
            """
            tls_server_config:
              cert_file: server.pem
              key_file: server-key.pem
              client_ca_file: ca.pem
              client_auth_type: RequireAndVerifyClientCert
              min_version: TLS13
            basic_auth_users:
              prometheus: %s
            http_server_config:
              http2: false
              headers:
                X-Content-Type-Options: nosniff
            """
                .formatted(HASH));

    TlsServerConfig tls = web.tls().orElseThrow();
    assertThat(tls.certificateChain()).hasSize(1);
    assertThat(tls.certificateChain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(tls.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(tls.clientCas()).hasSize(1);
    assertThat(tls.clientAuth()).isEqualTo(TlsServerConfig.ClientAuth.REQUIRE_AND_VERIFY);
    assertThat(tls.protocols()).containsExactly("TLSv1.3");
    assertThat(web.basicAuthUsers()).containsEntry("prometheus", HASH);
    assertThat(web.headers()).containsEntry("X-Content-Type-Options", "nosniff");
    assertThat(web.authenticates()).isTrue();
  }

  @Test
  void acceptsKeysInThePkcs1AndSec1FormsOpensslWrites() throws Exception {
    TestPki pki = TestPki.create(dir);
    Path[] rsa = pki.rsaPkcs1Server();
    Path sec1 = pki.serverKeySec1();
    assertThat(Files.readString(rsa[1])).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    WebConfig rsaWeb = load("tls_server_config:\n  cert_file: rsa.pem\n  key_file: rsa-key.pem\n");
    WebConfig ecWeb = load("tls_server_config:\n  cert_file: server.pem\n  key_file: server-key-sec1.pem\n");

    assertThat(rsaWeb.tls().orElseThrow().privateKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(rsaWeb.tls().orElseThrow().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(ecWeb.tls().orElseThrow().privateKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
    TestPki.create(dir);

    assertThat(problems("tls_server_config:\n  cert_file: server.pem\n  key_file: client-key.pem\n"))
        .containsExactly("web.yml:3: tls_server_config.key_file: the private key does not belong to the certificate");
  }

  @Test
  void namesEveryProblemWithItsLine() throws Exception {
    TestPki.create(dir);

    assertThat(
            problems(
                """
                tls_server_config:
                  cert_file: server.pem
                  cert: inline
                  client_ca_file: ca.pem
                  client_auth_type: RequireAnyClientCert
                  cipher_suites: [TLS_AES_128_GCM_SHA256]
                  max_version: TLS11
                basic_auth_users:
                  prometheus: hunter2
                rate_limit:
                  interval: 1s
                colour: blue
                """))
        .containsExactly(
            "web.yml:1: tls_server_config.key_file: is required: the PEM file of the server's private key",
            "web.yml:3: tls_server_config.cert: give either cert or cert_file, not both",
            "web.yml:5: tls_server_config.client_auth_type: RequireAnyClientCert accepts client certificates without"
                + " verifying them, which authenticates nobody; use RequireAndVerifyClientCert (or"
                + " VerifyClientCertIfGiven) with client_ca_file",
            "web.yml:6: tls_server_config.cipher_suites: is not supported by valwatch; remove it (the Java runtime's"
                + " defaults apply)",
            "web.yml:7: tls_server_config.max_version: TLS11 is disabled by the Java runtime; use TLS12 or TLS13",
            "web.yml:9: basic_auth_users.prometheus: is not a bcrypt hash ($2y$10$ and 53 more characters, as"
                + " htpasswd -nBC 10 \"\" prints)",
            "web.yml:10: rate_limit: is not supported by valwatch; remove it (put a reverse proxy in front to limit"
                + " rates)",
            "web.yml:12: colour: unknown key 'colour'; expected one of: tls_server_config, basic_auth_users,"
                + " http_server_config, rate_limit");
  }

  @Test
  void aClientCaNeedsAVerifyingPolicyAndTheReverse() throws Exception {
    TestPki.create(dir);

    assertThat(problems("tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n  client_ca_file: ca.pem\n"))
        .containsExactly(
            "web.yml:4: tls_server_config.client_ca_file: a client CA is given without a client_auth_type; set"
                + " client_auth_type: RequireAndVerifyClientCert");
    assertThat(
            problems(
                "tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
                    + "  client_auth_type: VerifyClientCertIfGiven\n"))
        .containsExactly(
            "web.yml:4: tls_server_config.client_auth_type: VerifyClientCertIfGiven needs client_ca_file, the CA that"
                + " client certificates are verified against");
  }

  @Test
  void webConfigInTheMainFileIsAFileNameRelativeToItOrTheSettingsThemselves() throws Exception {
    Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: " + HASH + "\n");
    Path main = dir.resolve("valwatch.yaml");
    String chains = "chains:\n  - id: osmosis-1\n    rpc: [https://rpc.osmosis.example]\n";

    Files.writeString(main, "web_config: web.yml\n" + chains);
    assertThat(loader.load(main).web().basicAuthUsers()).containsOnlyKeys("prometheus");

    Files.writeString(main, "web_config:\n  basic_auth_users:\n    alice: " + HASH + "\n" + chains);
    assertThat(loader.load(main).web().basicAuthUsers()).containsOnlyKeys("alice");

    Files.writeString(main, chains);
    assertThat(loader.load(main).web()).isEqualTo(WebConfig.NONE);

    Files.writeString(main, "web_config: missing.yml\n" + chains);
    ConfigException missing = catchThrowableOfType(ConfigException.class, () -> loader.load(main));
    assertThat(missing.getMessage()).contains(":1: web_config: cannot read the web configuration file ").contains("missing.yml");
  }
}
