package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Text an endpoint sends back never carries the endpoint's secrets, and is capped. */
class EchoedSecretsTest {
  private static final String PATH_KEY = "Ab12Cd34";
  private static final String API_KEY = "q7Zp9xWv";
  private static final String BASIC = "dmFsd2F0Y2g6aHVudGVyMg=="; // valwatch:hunter2

  @StartStop final MockWebServer server = new MockWebServer();

  private final OkHttpClient http = new OkHttpClient();

  private RpcEndpoint endpoint() {
    String base = server.url("/key/" + PATH_KEY + "/").newBuilder()
        .username("valwatch").password("hunter2").addQueryParameter("apikey", API_KEY).build().toString();
    return RpcEndpoint.parse(base).withSecretPathSegments(List.of(PATH_KEY));
  }

  private static void assertNoSecret(String text) {
    assertThat(text).doesNotContain(PATH_KEY, API_KEY, BASIC, "hunter2", "valwatch:");
  }

  @Test
  void markedPathSegmentIsMaskedEverywhereTheEndpointIsShown() {
    RpcEndpoint endpoint = endpoint();

    assertThat(endpoint.redacted()).endsWith("/key/***?apikey=***");
    assertNoSecret(endpoint.toString());
    assertNoSecret(endpoint.scrub("GET " + endpoint.url() + " key " + PATH_KEY));
    assertThat(endpoint.named("provider-a").redacted()).isEqualTo("provider-a");
  }

  @Test
  void aSegmentThatIsNotInThePathIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> RpcEndpoint.parse("https://rpc.example/key/x").withSecretPathSegments(List.of("zz9Secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("zz9Secret");
  }

  @Test
  void jsonRpcErrorDataEchoingSecretsIsScrubbed() {
    String echoed = "bad request /key/" + PATH_KEY + "?apikey=" + API_KEY + " Authorization: Basic " + BASIC;
    server.enqueue(new MockResponse.Builder().body(
        "{\"jsonrpc\":\"2.0\",\"id\":-1,\"error\":{\"code\":-32603,\"message\":\"" + echoed + "\",\"data\":\"" + echoed + "\"}}").build());

    RpcErrorException e = catchThrowableOfType(RpcErrorException.class, () -> new CometRpcClient(endpoint(), http).block(5));

    assertNoSecret(e.getMessage());
    assertNoSecret(e.data());
    assertNoSecret(e.rpcMessage());
    assertThat(e.data()).contains("/key/***");
  }

  @Test
  void httpReasonPhraseEchoingSecretsIsScrubbed() {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 502 no route for " + PATH_KEY + " " + API_KEY).build());

    RpcHttpException e = catchThrowableOfType(RpcHttpException.class, () -> new CometRpcClient(endpoint(), http).block(5));

    assertThat(e.statusCode()).isEqualTo(502);
    assertNoSecret(e.getMessage());
    assertThat(e.getMessage()).contains("no route for ***");
  }

  @Test
  void networkEchoingSecretsIsScrubbedAndMadePrintable() throws Exception {
    String status = Fixtures.read("status.json").replace("\"network\": \"testhub-2\"", "\"network\": \"" + API_KEY + "\\nWARN forged\"");
    server.enqueue(new MockResponse.Builder().body(status).build());

    NodeStatus s = new CometRpcClient(endpoint(), http).status();

    assertThat(s.network()).isEqualTo("***\\nWARN forged");
  }

  @Test
  void aFourMegabyteErrorIsCapped() {
    String huge = "x".repeat(4 * 1024 * 1024);
    server.enqueue(new MockResponse.Builder().body(
        "{\"jsonrpc\":\"2.0\",\"id\":-1,\"error\":{\"code\":-32603,\"message\":\"Internal error\",\"data\":\"" + huge + "\"}}").build());

    RpcErrorException e = catchThrowableOfType(RpcErrorException.class, () -> new CometRpcClient(endpoint(), http).block(5));

    assertThat(e.data().length()).isLessThan(1_100);
    assertThat(e.getMessage().length()).isLessThan(1_300);
    assertThat(e.data()).endsWith("more characters)");
  }
}
