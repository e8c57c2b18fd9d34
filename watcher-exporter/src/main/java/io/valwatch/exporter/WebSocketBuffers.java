package io.valwatch.exporter;

import java.util.List;

/**
 * Sizes the buffers the JDK's websocket client keeps for each connection's outgoing messages to what valwatch
 * sends: a subscribe and an unsubscribe request of under 100 bytes, and a close. Each connection otherwise keeps
 * a 16 KiB buffer for the frame being written and another for the text being encoded, 1.6 MB with 50 chains.
 * The JDK reads both properties as each connection opens and sends a longer message in several passes; what the
 * connection receives is not held in them. A value set on the command line wins.
 */
final class WebSocketBuffers {
  static final List<String> PROPERTIES =
      List.of("jdk.httpclient.websocket.writeBufferSize", "jdk.httpclient.websocket.intermediateBufferSize");
  static final int BYTES = 1024;

  private WebSocketBuffers() {}

  /** Sets each property that is not set already. */
  static void preset() {
    for (String property : PROPERTIES) {
      if (System.getProperty(property) == null) {
        System.setProperty(property, Integer.toString(BYTES));
      }
    }
  }
}
