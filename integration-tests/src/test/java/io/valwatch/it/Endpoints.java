package io.valwatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Addresses of endpoints that are down. */
final class Endpoints {
  private Endpoints() {}

  /** An RPC URL on 127.0.0.1 whose port was free a moment ago and is closed now: connections are refused. */
  static String closedPortUrl() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
