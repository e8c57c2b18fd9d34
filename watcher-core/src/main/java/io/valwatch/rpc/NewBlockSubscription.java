package io.valwatch.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A {@code tm.event='NewBlock'} subscription on one OkHttp websocket. */
final class NewBlockSubscription extends WebSocketListener implements BlockSubscription {
  private static final String METHOD = "subscribe";
  private static final String QUERY = "tm.event='NewBlock'";
  private static final String NEW_BLOCK_EVENT = "tendermint/event/NewBlock";
  private static final int NORMAL_CLOSURE = 1000;

  private final RpcEndpoint endpoint;
  private final ObjectMapper mapper;
  private final Listener listener;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile WebSocket webSocket;

  NewBlockSubscription(RpcEndpoint endpoint, ObjectMapper mapper, Listener listener) {
    this.endpoint = endpoint;
    this.mapper = mapper;
    this.listener = listener;
  }

  void start(OkHttpClient http, Request request) {
    webSocket = http.newWebSocket(request, this);
  }

  @Override
  public void onOpen(WebSocket socket, Response response) {
    socket.send(request("subscribe", 0));
  }

  @Override
  public void onMessage(WebSocket socket, String text) {
    if (finished.get()) {
      return;
    }
    JsonNode message;
    try {
      message = mapper.readTree(text);
    } catch (IOException e) {
      fail(socket, new MalformedResponseException(endpoint, METHOD, 0, "message is not JSON", e));
      return;
    }
    JsonNode error = message.get("error");
    if (error != null && !error.isNull()) {
      fail(socket, RpcErrorException.fromJson(endpoint, METHOD, 0, error));
      return;
    }
    JsonNode result = message.get("result");
    JsonNode data = result == null ? null : result.get("data");
    if (data == null || !NEW_BLOCK_EVENT.equals(data.path("type").asText())) {
      return; // the empty confirmation of the subscription, or another event type
    }
    Block block;
    try {
      JsonNode value = JsonFields.object(data, "value", "result.data.value");
      String path = "result.data.value.block";
      block = CometJson.block(JsonFields.object(value, "block", path), path);
    } catch (MalformedJson e) {
      fail(socket, new MalformedResponseException(endpoint, METHOD, 0, e.getMessage()));
      return;
    }
    listener.onBlock(block);
  }

  @Override
  public void onClosing(WebSocket socket, int code, String reason) {
    socket.close(NORMAL_CLOSURE, null);
    String why = reason.isEmpty() ? "" : ": " + endpoint.scrub(reason);
    String detail = "node closed the websocket (" + code + why + ")";
    finish(new RpcNetworkException(endpoint, METHOD, 0, detail, null));
  }

  @Override
  public void onClosed(WebSocket socket, int code, String reason) {
    finish(new RpcNetworkException(endpoint, METHOD, 0, "websocket closed (" + code + ")", null));
  }

  @Override
  public void onFailure(WebSocket socket, Throwable t, Response response) {
    String detail =
        response != null && !response.isSuccessful()
            ? "websocket upgrade failed with HTTP " + response.code()
            : "websocket failed: " + endpoint.scrub(t.toString());
    finish(new RpcNetworkException(endpoint, METHOD, 0, detail, t));
  }

  @Override
  public void close() {
    if (finished.compareAndSet(false, true)) {
      WebSocket socket = webSocket;
      socket.send(request("unsubscribe", 1));
      socket.close(NORMAL_CLOSURE, null);
      listener.onClosed(null);
    }
  }

  private void fail(WebSocket socket, RpcException cause) {
    if (finish(cause)) {
      socket.cancel();
    }
  }

  private boolean finish(RpcException cause) {
    if (finished.compareAndSet(false, true)) {
      listener.onClosed(cause);
      return true;
    }
    return false;
  }

  private String request(String method, int id) {
    return mapper
        .createObjectNode()
        .put("jsonrpc", "2.0")
        .put("method", method)
        .put("id", id)
        .set("params", mapper.createObjectNode().put("query", QUERY))
        .toString();
  }
}
