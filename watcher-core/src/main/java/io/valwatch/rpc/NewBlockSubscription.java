package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
  private final JsonFactory json;
  private final Listener listener;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile WebSocket webSocket;

  NewBlockSubscription(RpcEndpoint endpoint, ObjectMapper mapper, JsonFactory json, Listener listener) {
    this.endpoint = endpoint;
    this.mapper = mapper;
    this.json = json;
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
    Block block = null;
    try (JsonParser p = json.createParser(text)) {
      p.nextToken();
      JsonFields.object(p, "message");
      RpcErrorException error = null;
      for (String f; (f = JsonFields.nextField(p)) != null; ) {
        if (f.equals("error") && p.currentToken() != JsonToken.VALUE_NULL) {
          error = RpcErrorException.read(endpoint, METHOD, 0, p);
        } else if (f.equals("result") && p.currentToken() == JsonToken.START_OBJECT) {
          block = newBlock(p);
        } else {
          p.skipChildren();
        }
      }
      if (error != null) {
        fail(socket, error);
        return;
      }
    } catch (MalformedJson e) {
      fail(socket, new MalformedResponseException(endpoint, METHOD, 0, e.getMessage()));
      return;
    } catch (IOException e) {
      fail(socket, new MalformedResponseException(endpoint, METHOD, 0, "message is not JSON", e));
      return;
    }
    if (block != null) {
      listener.onBlock(block);
    }
  }

  /**
   * The block of a NewBlock event in the {@code result} the parser is on; {@code null} for the empty
   * confirmation of the subscription or another event type.
   */
  private static Block newBlock(JsonParser p) throws IOException {
    Block block = null;
    for (String f; (f = JsonFields.nextField(p)) != null; ) {
      if (!f.equals("data") || p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String type = null;
      MalformedJson invalid = null;
      for (String g; (g = JsonFields.nextField(p)) != null; ) {
        if (g.equals("type")) {
          type = JsonFields.string(p, "result.data.type");
        } else if (g.equals("value") && (type == null || type.equals(NEW_BLOCK_EVENT))) {
          // Go writes "type" first; should "value" come first, its block is read and kept only for NewBlock.
          try {
            block = CometJson.within("result.data.value", p, NewBlockSubscription::blockOfValue);
          } catch (MalformedJson e) {
            invalid = e;
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      if (!NEW_BLOCK_EVENT.equals(type)) {
        return null;
      }
      if (invalid != null) {
        throw invalid;
      }
      JsonFields.require(block != null, "result.data.value");
    }
    return block;
  }

  private static Block blockOfValue(JsonParser p) throws IOException {
    JsonFields.object(p, "");
    Block block = null;
    for (String f; (f = JsonFields.nextField(p)) != null; ) {
      if (f.equals("block")) {
        block = CometJson.within("block", p, CometJson::block);
      } else {
        p.skipChildren();
      }
    }
    JsonFields.require(block != null, "block");
    return block;
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
