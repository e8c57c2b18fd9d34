package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeferredTlsContextTest {
  private final MockWebServer server = new MockWebServer();

  private void serve(SSLSocketFactory tls) throws Exception {
    server.useHttps(tls);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(HttpClient client) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.url("/status").toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
  }

  @Test
  void makesTheContextAtTheFirstHandshakeAndOnce() throws Exception {
    serve(LocalhostTls.serverSockets());
    SSLContext trusting = LocalhostTls.client();
    AtomicInteger made = new AtomicInteger();
    HttpClient client = DeferredTlsContext.deferred(builder(), () -> {
      made.incrementAndGet();
      return trusting;
    }).build();
    assertThat(made).hasValue(0);

    HttpResponse<String> first = get(client);
    HttpResponse<String> second = get(client);

    assertThat(first.body()).isEqualTo("ok");
    assertThat(second.body()).isEqualTo("ok");
    assertThat(made).hasValue(1);
  }

  @Test
  void negotiatesWhatTheContextItselfWould() throws Exception {
    serve(LocalhostTls.serverSockets());
    SSLContext trusting = LocalhostTls.client();

    HttpResponse<String> deferred = get(DeferredTlsContext.deferred(builder(), () -> trusting).build());
    HttpResponse<String> direct = get(builder().sslContext(trusting).build());

    assertThat(deferred.sslSession().orElseThrow().getProtocol())
        .isEqualTo(direct.sslSession().orElseThrow().getProtocol());
    assertThat(deferred.sslSession().orElseThrow().getCipherSuite())
        .isEqualTo(direct.sslSession().orElseThrow().getCipherSuite());
  }

  @Test
  void stillChecksTheHostName() throws Exception {
    serve(LocalhostTls.otherNameServerSockets());
    SSLContext trusting = LocalhostTls.client();

    assertThatThrownBy(() -> get(DeferredTlsContext.deferred(builder(), () -> trusting).build()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageMatching("(?s).*(No name matching|No subject alternative names).*");
  }

  @Test
  void theDefaultContextRefusesACertificateTheTrustStoreDoesNotHold() throws Exception {
    serve(LocalhostTls.serverSockets());

    assertThatThrownBy(() -> get(DeferredTlsContext.defaultContext(builder()).build()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX");
  }
}
