package io.valwatch.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Answers {@code GET} and {@code HEAD} on exactly one path with a reply made per request: other paths under
 * the context are not found, other methods not allowed, and a failing reply is a 500 naming the failure.
 */
final class GetHandler implements HttpHandler {
  private final String path;
  private final Supplier<Reply> reply;

  GetHandler(String path, Supplier<Reply> reply) {
    this.path = path;
    this.reply = reply;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        send(exchange, Reply.text(404, "not found\n"));
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, Reply.text(405, "method not allowed\n"));
        return;
      }
      Reply r;
      try {
        r = reply.get();
      } catch (RuntimeException e) {
        r = Reply.text(500, "status unavailable: " + e + "\n");
      }
      send(exchange, r);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }
}
