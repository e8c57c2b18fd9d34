package io.valwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.ChainSpec;
import io.valwatch.rpc.LocalhostTls;
import java.net.InetAddress;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A watcher's own HTTP client speaks TLS when one of its URLs needs it, and only then. */
@Timeout(30)
class WatcherHttpClientTest {
  @Test
  void httpEndpointsOnlyGetAClientWithoutTls() {
    OkHttpClient client =
        Watcher.defaultHttpClient(List.of(ChainSpec.builder("test-1").rpcEndpoint("http://127.0.0.1:26657").build()));

    assertThat(client.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
    assertThat(client.x509TrustManager()).isNull();
  }

  @Test
  void anHttpsEndpointGetsAClientThatSpeaksTlsAndChecksCertificates() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(LocalhostTls.serverSockets());
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      List<ChainSpec> chains =
          List.of(ChainSpec.builder("test-1").rpcEndpoint(server.url("/").toString()).build());
      server.enqueue(new MockResponse.Builder().body("ok").build());

      OkHttpClient client = LocalhostTls.trusted(() -> Watcher.defaultHttpClient(chains));

      assertThat(client.connectionSpecs()).contains(ConnectionSpec.MODERN_TLS);
      try (Response response = client.newCall(new Request.Builder().url(server.url("/status")).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("ok");
        assertThat(response.handshake()).isNotNull();
      }
    }
  }
}
