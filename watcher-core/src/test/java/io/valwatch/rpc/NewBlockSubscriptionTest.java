package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

class NewBlockSubscriptionTest {
  private static final String SUBSCRIBED = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}";
  private static final String SLOW_CLIENT =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"error\":{\"code\":-32000,\"message\":\"Server error\","
          + "\"data\":\"subscription was canceled (reason: slow client)\"}}";

  @StartStop final MockWebServer server = new MockWebServer();

  private final OkHttpClient http = new OkHttpClient();
  private final RecordingListener listener = new RecordingListener();

  /** A node that answers the subscribe request with {@code replies}, in order. */
  private class FakeNode extends WebSocketListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private final List<String> replies;

    FakeNode(List<String> replies) {
      this.replies = replies;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      received.add(text);
      if (text.contains("\"subscribe\"")) {
        replies.forEach(webSocket::send);
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      closeCodes.add(code);
      webSocket.close(code, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      failures.add(t);
    }
  }

  /** Records what the subscription delivers; {@code onClosed}'s cause is wrapped in an Optional. */
  private static final class RecordingListener implements BlockSubscription.Listener {
    final BlockingQueue<Block> blocks = new LinkedBlockingQueue<>();
    final BlockingQueue<Optional<RpcException>> closes = new LinkedBlockingQueue<>();

    @Override
    public void onBlock(Block block) {
      blocks.add(block);
    }

    @Override
    public void onClosed(RpcException cause) {
      closes.add(Optional.ofNullable(cause));
    }
  }

  private CometRpcClient client(FakeNode node) {
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(node).build());
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }

  @Test
  void deliversBlocksThenClosesWithTheNodesError() throws Exception {
    FakeNode node =
        new FakeNode(
            List.of(
                SUBSCRIBED,
                Fixtures.read("ws-newblock-1003.json"),
                Fixtures.read("ws-newblock-1004.json"),
                SLOW_CLIENT));
    CometRpcClient client = client(node);

    BlockSubscription subscription = client.subscribeNewBlocks(listener);

    assertThat(node.received.poll(10, TimeUnit.SECONDS))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"method\":\"subscribe\",\"id\":0,"
                + "\"params\":{\"query\":\"tm.event='NewBlock'\"}}");
    Block first = listener.blocks.poll(10, TimeUnit.SECONDS);
    Block second = listener.blocks.poll(10, TimeUnit.SECONDS);
    assertThat(first.height()).isEqualTo(1003);
    assertThat(first.lastCommit().height()).isEqualTo(1002);
    assertThat(first.lastCommit().signatures())
        .extracting(CommitSig::flag)
        .containsExactly(BlockIdFlag.COMMIT, BlockIdFlag.NIL, BlockIdFlag.ABSENT);
    assertThat(second.height()).isEqualTo(1004);
    assertThat(second.header().proposerAddress()).isEqualTo("70ADAC15E5C8A102322C5350027FCB5B10D29E9E");

    RpcException cause = listener.closes.poll(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(cause)
        .isInstanceOf(RpcErrorException.class)
        .hasMessage(
            "subscribe on "
                + client.endpoint().redacted()
                + ": RPC error -32000 (Server error): subscription was canceled (reason: slow client)");
    assertThat(((RpcErrorException) cause).code()).isEqualTo(-32000);

    subscription.close();
    assertThat(listener.closes).as("onClosed is called once").isEmpty();
    assertThat(listener.blocks).isEmpty();
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/websocket");
  }

  @Test
  void aMessageLargerThanTheLimitEndsTheSubscriptionInsteadOfBeingHeldWhole() throws Exception {
    String huge = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"pad\":\"" + "x".repeat(200_000) + "\"}}";
    FakeNode node = new FakeNode(List.of(SUBSCRIBED, huge, Fixtures.read("ws-newblock-1003.json")));
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(node).build());
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http, 100_000);

    client.subscribeNewBlocks(listener);

    RpcException cause = listener.closes.poll(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(cause).isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("websocket message larger than 100000 characters");
    assertThat(listener.blocks.poll(500, TimeUnit.MILLISECONDS)).as("nothing delivered after the refusal").isNull();
  }

  @Test
  void acceptsTheCometBft037EventShape() throws Exception {
    FakeNode node = new FakeNode(List.of(SUBSCRIBED, Fixtures.read("ws-newblock-1005-v037.json")));

    try (BlockSubscription subscription = client(node).subscribeNewBlocks(listener)) {
      Block block = listener.blocks.poll(10, TimeUnit.SECONDS);

      assertThat(block.height()).isEqualTo(1005);
      assertThat(block.lastCommit().height()).isEqualTo(1004);
    }
    assertThat(listener.closes.poll(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void closeUnsubscribesAndReportsNoCauseOnce() throws Exception {
    FakeNode node = new FakeNode(List.of(SUBSCRIBED, Fixtures.read("ws-newblock-1003.json")));
    BlockSubscription subscription = client(node).subscribeNewBlocks(listener);
    assertThat(listener.blocks.poll(10, TimeUnit.SECONDS).height()).isEqualTo(1003);

    subscription.close();
    subscription.close();

    assertThat(listener.closes.poll(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(node.received.poll(10, TimeUnit.SECONDS)).contains("\"subscribe\"");
    assertThat(node.received.poll(10, TimeUnit.SECONDS))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"method\":\"unsubscribe\",\"id\":1,"
                + "\"params\":{\"query\":\"tm.event='NewBlock'\"}}");
    assertThat(node.closeCodes.poll(10, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(listener.closes).isEmpty();
  }

  @Test
  void closingTheSharedWebSocketClientEndsEverySubscriptionAndRefusesNewOnes() throws Exception {
    FakeNode first = new FakeNode(List.of(SUBSCRIBED, Fixtures.read("ws-newblock-1003.json")));
    FakeNode second = new FakeNode(List.of(SUBSCRIBED, Fixtures.read("ws-newblock-1004.json")));
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(first).build());
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(second).build());
    WebSocketClient webSockets = WebSocketClient.create(http);
    RecordingListener other = new RecordingListener();
    // Two endpoints' clients, as a watcher makes them: one websocket client for both.
    CometRpcClient a = sharing(webSockets, "/a/");
    CometRpcClient b = sharing(webSockets, "/b/");
    a.subscribeNewBlocks(listener);
    assertThat(listener.blocks.poll(10, TimeUnit.SECONDS).height()).isEqualTo(1003);
    b.subscribeNewBlocks(other);
    assertThat(other.blocks.poll(10, TimeUnit.SECONDS).height()).isEqualTo(1004);
    assertThat(webSockets.openSubscriptions()).isEqualTo(2);

    webSockets.close();

    assertThat(listener.closes.poll(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(other.closes.poll(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(first.failures.poll(10, TimeUnit.SECONDS)).as("the first node's connection dropped").isNotNull();
    assertThat(second.failures.poll(10, TimeUnit.SECONDS)).as("the second node's connection dropped").isNotNull();
    assertThat(webSockets.openSubscriptions()).isZero();
    assertThatThrownBy(() -> a.subscribeNewBlocks(new RecordingListener()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/a/websocket");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/b/websocket");
  }

  private CometRpcClient sharing(WebSocketClient webSockets, String path) {
    return new CometRpcClient(
        RpcEndpoint.parse(server.url(path).toString()), http, CometRpcClient.DEFAULT_MAX_BODY_BYTES, webSockets);
  }

  @Test
  void nodeClosingTheSocketEndsTheSubscriptionWithACause() throws Exception {
    FakeNode node =
        new FakeNode(List.of(SUBSCRIBED)) {
          @Override
          public void onOpen(WebSocket webSocket, Response response) {
            webSocket.close(1001, "going away");
          }
        };
    CometRpcClient client = client(node);

    client.subscribeNewBlocks(listener);

    RpcException cause = listener.closes.poll(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(cause)
        .isInstanceOf(RpcNetworkException.class)
        .hasMessageContaining("subscribe on " + client.endpoint());
    assertThat(cause.getMessage()).contains("1001");
  }

  @Test
  void refusedUpgradeEndsTheSubscriptionWithACause() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("not found").build());
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);

    client.subscribeNewBlocks(listener);

    RpcException cause = listener.closes.poll(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(cause).isInstanceOf(RpcNetworkException.class).hasMessageContaining("HTTP 404");
  }
}
