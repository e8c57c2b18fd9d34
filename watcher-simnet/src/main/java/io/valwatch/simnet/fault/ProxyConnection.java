package io.valwatch.simnet.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** One client connection: reads requests one after the other and answers each as the rules decide. */
final class ProxyConnection implements Runnable {
  private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "keep-alive", "content-length",
      "transfer-encoding", "accept-encoding", "content-encoding", "upgrade", "proxy-connection", "te");

  private final ObjectMapper mapper = new ObjectMapper();
  private final FaultProxy proxy;
  private final Socket socket;

  ProxyConnection(FaultProxy proxy, Socket socket) {
    this.proxy = proxy;
    this.socket = socket;
  }

  /** The name, height and JSON-RPC id of a call, as far as the request tells them. */
  record Call(String name, Long height, String id, boolean jsonRpcPost) {}

  @Override
  public void run() {
    proxy.track(socket);
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      HttpRequest request;
      while (!proxy.closed() && (request = HttpRequest.read(in)) != null) {
        if (!exchange(request, in, out)) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, sent something that is not HTTP, or the proxy closed
    } finally {
      proxy.untrack(socket);
    }
  }

  /** Answers one request; returns whether the connection stays open for the next one. */
  private boolean exchange(HttpRequest request, InputStream in, OutputStream out) throws IOException {
    boolean keepAlive = !"close".equalsIgnoreCase(request.header("Connection"));
    String prefix = proxy.pathPrefix();
    String path = request.path();
    if (!path.equals(prefix) && !path.startsWith(prefix + "/")) {
      writeText(out, 404, "Not Found", List.of(), "404 page not found\n");
      return keepAlive;
    }
    String target = request.target().substring(prefix.length());
    if (!target.startsWith("/")) {
      target = "/" + target;
    }
    Call call = identify(request, target);
    FaultProxy.Verdict verdict = proxy.judge(call.name());
    sleepNanos(verdict.delayNanos());
    Fault.Kind kind = verdict.kind();
    if (call.name().equals(FaultRule.WEBSOCKET) && !answersItself(kind)) {
      new WebSocketRelay(proxy, socket, in, out).relay(request, target);
      return false;
    }
    if (kind == null) {
      return forward(request, target, null, out) && keepAlive;
    }
    Fault fault = verdict.decision().fault();
    switch (kind) {
      case RESPOND -> writeText(out, fault.code, reason(fault.code), retryAfter(fault.duration == null
          ? -1 : fault.duration.toSeconds()), fault.code + " " + reason(fault.code) + "\n");
      case RATE_LIMIT -> writeText(out, 429, reason(429), retryAfter(verdict.decision().retryAfterSeconds()),
          "429 Too Many Requests\n");
      case RESET -> {
        socket.setSoLinger(true, 0);
        socket.close();
        return false;
      }
      case DROP -> {
        while (in.read() != -1) {
          // holds the call unanswered until the client gives up
        }
        return false;
      }
      case HUGE_BODY -> {
        HugeJson body = HugeJson.objects(
            "{\"jsonrpc\":\"2.0\",\"id\":" + call.id() + ",\"result\":{\"block\":{\"data\":{\"txs\":", "}}}}");
        writeHead(out, 200, "OK", jsonHeaders(), body.size(fault.size));
        body.writeTo(out, fault.size);
        out.flush();
      }
      case HUGE_ERROR -> {
        HugeJson body = HugeJson.string("{\"jsonrpc\":\"2.0\",\"id\":" + call.id()
            + ",\"error\":{\"code\":-32603,\"message\":\"Internal error\",\"data\":", "}}");
        int code = call.jsonRpcPost() ? 200 : 500;
        writeHead(out, code, reason(code), jsonHeaders(), body.size(fault.size));
        body.writeTo(out, fault.size);
        out.flush();
      }
      case BLOCK_NOT_AVAILABLE -> {
        if (call.height() == null) {
          return forward(request, target, null, out) && keepAlive;
        }
        writeRpcError(out, call, "height " + call.height() + " is not available, lowest height is " + fault.size);
      }
      case REDIRECT -> writeText(out, 307, reason(307),
          List.<String[]>of(new String[] {"Location", fault.text + request.target()}), "");
      case ECHO_REQUEST -> {
        String auth = request.header("Authorization");
        String echo = request.method() + " " + request.target() + (auth == null ? "" : " Authorization: " + auth);
        int code = fault.code;
        byte[] body = mapper.writeValueAsBytes(mapper.createObjectNode().put("jsonrpc", "2.0").put("id", -1)
            .set("error", mapper.createObjectNode().put("code", -32600).put("message", "Invalid Request")
                .put("data", "invalid request " + echo)));
        writeHead(out, code, "Bad Request " + echo.replaceAll("[\\r\\n]", " "), jsonHeaders(), body.length);
        out.write(body);
        out.flush();
      }
      default -> {
        return forward(request, target, fault, out) && keepAlive;
      }
    }
    return keepAlive;
  }

  /** Faults that answer a websocket upgrade with plain HTTP instead of relaying it. */
  private static boolean answersItself(Fault.Kind kind) {
    return kind == Fault.Kind.RESPOND || kind == Fault.Kind.RATE_LIMIT || kind == Fault.Kind.RESET
        || kind == Fault.Kind.DROP || kind == Fault.Kind.REDIRECT || kind == Fault.Kind.ECHO_REQUEST
        || kind == Fault.Kind.HUGE_BODY || kind == Fault.Kind.HUGE_ERROR;
  }

  /** Forwards to the upstream; {@code fault} may rewrite or truncate the answer. Returns false to close. */
  private boolean forward(HttpRequest request, String target, Fault fault, OutputStream out) throws IOException {
    Request.Builder upstream = new Request.Builder().url(proxy.upstream().toString() + target.substring(1));
    for (String[] h : request.headers()) {
      if (!HOP_BY_HOP.contains(h[0].toLowerCase(Locale.ROOT))) {
        upstream.addHeader(h[0], h[1]);
      }
    }
    String method = request.method();
    RequestBody body = null;
    if (request.body().length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      String type = request.header("Content-Type");
      body = RequestBody.create(request.body(), type == null ? null : MediaType.parse(type));
    }
    upstream.method(method, body);
    int code;
    String message;
    Headers headers;
    byte[] bytes;
    try (Response response = proxy.client().newCall(upstream.build()).execute()) {
      code = response.code();
      message = response.message().isEmpty() ? reason(code) : response.message();
      headers = response.headers();
      ResponseBody responseBody = response.body();
      bytes = responseBody == null ? new byte[0] : responseBody.bytes();
    } catch (IOException e) {
      writeText(out, 502, reason(502), List.of(), "502 Bad Gateway: " + e.getMessage() + "\n");
      return true;
    }
    if (fault != null && fault.kind == Fault.Kind.REWRITE) {
      bytes = JsonRewrite.apply(mapper, bytes, fault);
    }
    List<String[]> copied = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      if (!HOP_BY_HOP.contains(headers.name(i).toLowerCase(Locale.ROOT))) {
        copied.add(new String[] {headers.name(i), headers.value(i)});
      }
    }
    writeHead(out, code, message, copied, bytes.length);
    if (fault != null && fault.kind == Fault.Kind.TRUNCATE) {
      out.write(bytes, 0, (int) Math.min(bytes.length, fault.size));
      out.flush();
      socket.shutdownOutput();
      return false;
    }
    out.write(bytes);
    out.flush();
    return true;
  }

  private Call identify(HttpRequest request, String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.equals("/websocket")) {
      return new Call(FaultRule.WEBSOCKET, null, "-1", false);
    }
    if (request.method().equals("POST") && path.equals("/")) {
      try {
        JsonNode parsed = mapper.readTree(request.body());
        if (parsed == null || !parsed.isObject()) {
          return new Call(parsed != null && parsed.isArray() ? "batch" : "invalid", null, "null", true);
        }
        JsonNode height = parsed.path("params").path("height");
        return new Call(parsed.path("method").asText("invalid"), heightOf(height.isMissingNode() ? null : height.asText()),
            parsed.has("id") ? mapper.writeValueAsString(parsed.get("id")) : "null", true);
      } catch (IOException e) {
        return new Call("invalid", null, "null", true);
      }
    }
    String height = null;
    if (q >= 0) {
      for (String pair : target.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals("height")) {
          height = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return new Call(path.substring(1), heightOf(height), "-1", false);
  }

  private static Long heightOf(String raw) {
    if (raw == null) {
      return null;
    }
    String bare = raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    try {
      return Long.parseLong(bare);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A CometBFT handler error: -32603 with {@code data}, HTTP 500 for URI GET and 200 for JSON-RPC POST. */
  private void writeRpcError(OutputStream out, Call call, String data) throws IOException {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":" + call.id() + ",\"error\":{\"code\":-32603,\"message\":"
        + "\"Internal error\",\"data\":" + mapper.writeValueAsString(data) + "}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    int code = call.jsonRpcPost() ? 200 : 500;
    writeHead(out, code, reason(code), jsonHeaders(), body.length);
    out.write(body);
    out.flush();
  }

  private static List<String[]> jsonHeaders() {
    return List.<String[]>of(new String[] {"Content-Type", "application/json"});
  }

  private static List<String[]> retryAfter(long seconds) {
    return seconds < 0 ? List.of() : List.<String[]>of(new String[] {"Retry-After", Long.toString(seconds)});
  }

  private static void writeText(OutputStream out, int code, String reason, List<String[]> headers, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    List<String[]> all = new ArrayList<>(headers);
    all.add(new String[] {"Content-Type", "text/plain; charset=utf-8"});
    writeHead(out, code, reason, all, body.length);
    out.write(body);
    out.flush();
  }

  static void writeHead(OutputStream out, int code, String reason, List<String[]> headers, long contentLength)
      throws IOException {
    StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 307 -> "Temporary Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status " + code;
    };
  }

  /** Waits at least {@code nanos}, parking in steps so that the wake-up is accurate to well under a millisecond. */
  static void sleepNanos(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }
}
