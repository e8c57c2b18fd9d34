package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code tm.event='NewBlock'} subscription on one websocket. It uses the JDK's websocket client, which hands
 * a message over in parts as they arrive, so that a message larger than the limit is refused when the limit is
 * reached instead of being buffered whole first.
 */
final class NewBlockSubscription implements WebSocket.Listener, BlockSubscription {
  private static final String METHOD = "subscribe";
  private static final String QUERY = "tm.event='NewBlock'";
  private static final String NEW_BLOCK_EVENT = "tendermint/event/NewBlock";
  private static final int NORMAL_CLOSURE = 1000;

  private final RpcEndpoint endpoint;
  private final JsonFactory json;
  private final Listener listener;
  private final long maxMessageChars;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final StringBuilder message = new StringBuilder();
  private volatile WebSocket webSocket;
  private volatile Runnable onEnd = () -> {};

  /** @param maxMessageChars the largest message accepted; a larger one ends the subscription */
  NewBlockSubscription(
      RpcEndpoint endpoint, JsonFactory json, Listener listener, long maxMessageChars) {
    this.endpoint = endpoint;
    this.json = json;
    this.listener = listener;
    this.maxMessageChars = maxMessageChars;
  }

  /**
   * Connects; {@code headers} go with the opening handshake (credentials, say). {@code onEnd} runs once the
   * connection is gone, or was never made.
   */
  void start(HttpClient http, Duration connectTimeout, Map<String, String> headers, Runnable onEnd) {
    this.onEnd = onEnd;
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
    headers.forEach(builder::header);
    builder
        .buildAsync(URI.create(endpoint.webSocketUrl()), this)
        .whenComplete(
            (socket, failure) -> {
              if (failure != null) {
                onError(null, failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
              }
            });
  }

  @Override
  public void onOpen(WebSocket socket) {
    webSocket = socket;
    if (finished.get()) {
      socket.abort();
      onEnd.run();
      return;
    }
    socket.sendText(request("subscribe", 0), true);
    socket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
    if (finished.get()) {
      return null;
    }
    if (message.length() + part.length() > maxMessageChars) {
      message.setLength(0);
      message.trimToSize();
      fail(socket, new MalformedResponseException(
          endpoint, METHOD, 0, "websocket message larger than " + maxMessageChars + " characters"));
      return null;
    }
    message.append(part);
    if (last) {
      String text = message.toString();
      message.setLength(0);
      onMessage(socket, text);
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
    socket.request(1);
    return null;
  }

  /** One whole message. */
  void onMessage(WebSocket socket, String text) {
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
            block = CometResultParser.within("result.data.value", p, NewBlockSubscription::blockOfValue);
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
    return CometResultParser.child(p, "block", CometResultParser::block);
  }


  @Override
  public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
    String why = reason.isEmpty() ? "" : ": " + endpoint.scrub(reason);
    String detail = "node closed the websocket (" + code + why + ")";
    finish(new RpcNetworkException(endpoint, METHOD, 0, detail, null)); // the JDK answers the close itself
    onEnd.run();
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable t) {
    String detail =
        t instanceof WebSocketHandshakeException h
            ? "websocket upgrade failed with HTTP " + h.getResponse().statusCode()
            : "websocket failed: " + endpoint.scrub(t.toString());
    finish(new RpcNetworkException(endpoint, METHOD, 0, detail, t));
    onEnd.run();
  }

  @Override
  public void close() {
    if (finished.compareAndSet(false, true)) {
      WebSocket socket = webSocket;
      if (socket != null) {
        socket.sendText(request("unsubscribe", 1), true)
            .thenCompose(s -> s.sendClose(NORMAL_CLOSURE, ""))
            .exceptionally(e -> {
              socket.abort();
              onEnd.run();
              return null;
            });
      }
      listener.onClosed(null);
    }
  }

  /**
   * Ends the subscription as {@link #close()} does, or after it, and drops the connection without waiting for
   * the node to answer the close.
   */
  void abort() {
    finish(null);
    WebSocket socket = webSocket; // when not open yet, onOpen aborts it
    if (socket != null) {
      socket.abort();
      onEnd.run();
    }
  }

  private void fail(WebSocket socket, RpcException cause) {
    if (finish(cause)) {
      socket.abort();
      onEnd.run();
    }
  }

  private boolean finish(RpcException cause) {
    if (finished.compareAndSet(false, true)) {
      listener.onClosed(cause);
      return true;
    }
    return false;
  }

  /** A JSON-RPC request for NewBlock events; nothing in it comes from outside, so it is written as it is. */
  private static String request(String method, int id) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":" + id
        + ",\"params\":{\"query\":\"" + QUERY + "\"}}";
  }
}
