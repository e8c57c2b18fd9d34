package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * What an endpoint sends back reaches {@code last_error} and the error events (logs, alerts) without the
 * endpoint's secrets and capped.
 */
class EndpointEchoTest {
  private static final String PATH_KEY = "Ab12Cd34";
  private static final String API_KEY = "q7Zp9xWv";

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<String> errorEvents = new CopyOnWriteArrayList<>();

  private EndpointStatus afterCheck(String body) {
    server.enqueue(new MockResponse.Builder().body(body).build());
    RpcEndpoint endpoint =
        RpcEndpoint.parse(server.url("/key/" + PATH_KEY).newBuilder().addQueryParameter("apikey", API_KEY).build().toString())
            .withSecretPathSegments(List.of(PATH_KEY))
            .named("provider-a");
    EndpointPool pool =
        new EndpointPool(
            "cosmoshub-4",
            List.of(new CometRpcClient(endpoint, new OkHttpClient())),
            (name, message) -> errorEvents.add(name + ": " + message),
            Clock.systemUTC());
    pool.checkAll();
    return pool.status().get(0);
  }

  @Test
  void echoedErrorDataIsScrubbedAndCapped() {
    String echo = "GET /key/" + PATH_KEY + "?apikey=" + API_KEY + " failed " + "x".repeat(2_000_000);

    EndpointStatus status =
        afterCheck("{\"jsonrpc\":\"2.0\",\"id\":-1,\"error\":{\"code\":-32603,\"message\":\"Internal error\",\"data\":\"" + echo + "\"}}");

    assertThat(status.endpoint()).isEqualTo("provider-a");
    assertThat(status.up()).isFalse();
    assertThat(status.lastError().orElseThrow()).contains("/key/***?apikey=***").doesNotContain(PATH_KEY, API_KEY);
    assertThat(status.lastError().orElseThrow().length()).isLessThan(1_200);
    assertThat(errorEvents).singleElement().satisfies(e -> {
      assertThat(e).startsWith("provider-a: ").doesNotContain(PATH_KEY, API_KEY);
      assertThat(e.length()).isLessThan(1_300);
    });
  }

  @Test
  void echoedNetworkIsScrubbedAndCannotBreakALine() {
    String status = statusAnswer("cosmoshub-4").replace("\"cosmoshub-4\"", "\"" + API_KEY + "\\n2026-12-04 ERROR forged\"");

    EndpointStatus checked = afterCheck(status);

    assertThat(checked.lastError().orElseThrow()).contains("on chain '***\\n2026-12-04 ERROR forged'").doesNotContain(API_KEY, "\n");
  }

  /** A CometBFT 0.38 /status answer. */
  private static String statusAnswer(String network) {
    return "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"node_info\":{\"network\":\"" + network + "\",\"version\":\"0.38.17\","
        + "\"moniker\":\"node\"},\"sync_info\":{\"latest_block_height\":\"100\",\"latest_block_time\":"
        + "\"2024-08-29T23:44:38.123456789Z\",\"earliest_block_height\":\"1\",\"catching_up\":false}}}";
  }
}
