package io.valwatch.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of the footprint benchmarks: the JDK's own HTTP server answering {@code /metrics} with a fixed
 * body (a file's content, or one line). Arguments: the port, then optionally the file.
 */
public final class MinimalServer {
  private MinimalServer() {}

  public static void main(String[] args) throws IOException {
    byte[] body = args.length > 1 ? Files.readAllBytes(Path.of(args[1])) : "up 1\n".getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
    server.createContext("/metrics", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }
}
