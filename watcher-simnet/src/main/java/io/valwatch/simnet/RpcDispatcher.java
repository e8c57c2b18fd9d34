package io.valwatch.simnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Routes HTTP requests the way CometBFT's RPC server does: URI GET {@code /<method>?arg=…} (id -1, errors
 * with HTTP 500), JSON-RPC POST to {@code /} (id echoed, errors with HTTP 200) and {@code /websocket}.
 */
final class RpcDispatcher extends Dispatcher {
  private static final int PARSE_ERROR = -32700;
  private static final int INVALID_REQUEST = -32600;

  private final ObjectMapper mapper = new ObjectMapper();
  private final MockWebServer server;
  private final RpcMethods methods;
  private final NewBlockFeed feed;
  private final RequestCounter counter;

  /** {@code feed} is {@code null} when the websocket route is disabled. */
  RpcDispatcher(MockWebServer server, RpcMethods methods, NewBlockFeed feed, RequestCounter counter) {
    this.server = server;
    this.methods = methods;
    this.feed = feed;
    this.counter = counter;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    discardRecorded(server);
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (path.equals("/websocket")) {
      if (feed == null) {
        return new MockResponse.Builder().code(404).body("404 page not found\n").build();
      }
      String upgrade = request.getHeaders().get("Upgrade");
      if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
        return new MockResponse.Builder().code(400).body("Bad Request\nwebsocket: the client is not using the "
            + "websocket protocol: 'upgrade' token not found in 'Connection' header\n").build();
      }
      countCall("websocket");
      return new MockResponse.Builder().webSocketUpgrade(new Connection()).build();
    }
    if ("POST".equals(request.getMethod()) && path.equals("/")) {
      return jsonRpcOverHttp(request.getBody() == null ? "" : request.getBody().utf8());
    }
    return uriGet(path.substring(1), url);
  }

  /** MockWebServer records every request for takeRequest(); drop them so a long demo stays bounded. */
  static void discardRecorded(MockWebServer server) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // discard
    }
  }

  private MockResponse uriGet(String method, HttpUrl url) {
    countCall(method);
    if (!RpcMethods.exists(method)) {
      return json(404, errorResponse(JsonNodeFactory.instance.numberNode(-1), RpcError.methodNotFound()));
    }
    RpcMethods.Params params = new RpcMethods.Params() {
      @Override
      public String get(String name) {
        String raw = url.queryParameter(name);
        return isQuoted(raw) ? raw.substring(1, raw.length() - 1) : raw;
      }

      @Override
      public boolean quoted(String name) {
        return isQuoted(url.queryParameter(name));
      }
    };
    try {
      return json(200, resultResponse(JsonNodeFactory.instance.numberNode(-1), methods.call(method, params)));
    } catch (RpcError e) {
      return json(500, errorResponse(JsonNodeFactory.instance.numberNode(-1), e));
    }
  }

  /** URI string arguments are quoted ({@code path="/x"}); integers may be bare. */
  private static boolean isQuoted(String raw) {
    return raw != null && raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"");
  }

  private MockResponse jsonRpcOverHttp(String body) {
    JsonNode parsed;
    try {
      parsed = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      return json(400, parseError(e));
    }
    if (parsed != null && parsed.isArray()) {
      ArrayNode responses = mapper.createArrayNode();
      parsed.forEach(call -> responses.add(handle(call)));
      return json(200, responses);
    }
    return json(200, handle(parsed));
  }

  /** Runs one JSON-RPC request object and returns the response object. */
  ObjectNode handle(JsonNode call) {
    JsonNode id = call == null || !call.has("id") ? JsonNodeFactory.instance.nullNode() : call.get("id");
    if (call == null || !call.isObject() || !call.path("method").isTextual()) {
      return errorResponse(id, INVALID_REQUEST, "Invalid Request", "");
    }
    String method = call.get("method").asText();
    countCall(method);
    JsonNode params = call.path("params");
    List<String> names = RpcMethods.ARGUMENTS.getOrDefault(method, List.of());
    RpcMethods.Params named = name -> {
      JsonNode value = params.isArray() ? params.path(names.indexOf(name)) : params.path(name);
      return value.isMissingNode() || value.isNull() ? null : value.asText();
    };
    try {
      return resultResponse(id, methods.call(method, named));
    } catch (RpcError e) {
      return errorResponse(id, e);
    }
  }

  private void countCall(String method) {
    counter.count(method);
  }

  private MockResponse json(int code, JsonNode body) {
    try {
      return new MockResponse.Builder()
          .code(code)
          .setHeader("Content-Type", "application/json")
          .body(mapper.writeValueAsString(body))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize RPC response", e);
    }
  }

  private ObjectNode resultResponse(JsonNode id, JsonNode result) {
    ObjectNode response = mapper.createObjectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    response.set("result", result);
    return response;
  }

  private ObjectNode errorResponse(JsonNode id, RpcError e) {
    return errorResponse(id, e.code, e.getMessage(), e.data);
  }

  private ObjectNode parseError(JsonProcessingException e) {
    return errorResponse(JsonNodeFactory.instance.nullNode(), PARSE_ERROR, "Parse error",
        "error unmarshaling request: " + e.getOriginalMessage());
  }

  private ObjectNode errorResponse(JsonNode id, int code, String message, String data) {
    ObjectNode error = mapper.createObjectNode();
    error.put("code", code);
    error.put("message", message);
    if (!data.isEmpty()) {
      error.put("data", data);
    }
    ObjectNode response = mapper.createObjectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    response.set("error", error);
    return response;
  }

  /** One websocket client: JSON-RPC over text frames, with subscribe/unsubscribe handled by the feed. */
  private final class Connection extends WebSocketListener {
    @Override
    public void onMessage(WebSocket socket, String text) {
      JsonNode call;
      try {
        call = mapper.readTree(text);
      } catch (JsonProcessingException e) {
        send(socket, parseError(e));
        return;
      }
      String method = call == null ? "" : call.path("method").asText();
      JsonNode id = call == null ? JsonNodeFactory.instance.nullNode() : call.path("id");
      switch (method) {
        case "subscribe" -> {
          countCall(method);
          String query = call.path("params").isArray()
              ? call.path("params").path(0).asText("") : call.path("params").path("query").asText("");
          if (query.isBlank()) {
            send(socket, errorResponse(id, RpcError.internal("failed to parse query: empty query")));
            return;
          }
          feed.subscribe(socket, id, query);
          send(socket, resultResponse(id, mapper.createObjectNode()));
        }
        case "unsubscribe" -> {
          countCall(method);
          feed.unsubscribe(socket, call.path("params").path("query").asText(""));
          send(socket, resultResponse(id, mapper.createObjectNode()));
        }
        case "unsubscribe_all" -> {
          countCall(method);
          feed.unsubscribeAll(socket);
          send(socket, resultResponse(id, mapper.createObjectNode()));
        }
        default -> send(socket, handle(call));
      }
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      feed.unsubscribeAll(socket);
      socket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket socket, Throwable t, Response response) {
      feed.unsubscribeAll(socket);
    }

    private void send(WebSocket socket, JsonNode message) {
      try {
        socket.send(mapper.writeValueAsString(message));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialize websocket reply", e);
      }
    }
  }
}
