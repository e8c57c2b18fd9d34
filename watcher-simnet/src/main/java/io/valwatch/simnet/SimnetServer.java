package io.valwatch.simnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import mockwebserver3.MockWebServer;

/**
 * Serves a {@link SimulatedChain} on 127.0.0.1 as a CometBFT 0.38 RPC node: URI GET and JSON-RPC POST for
 * {@code health}, {@code status}, {@code block}, {@code commit}, {@code validators} and {@code abci_query},
 * and {@code /websocket} subscriptions to {@code tm.event='NewBlock'}.
 *
 * <p>{@link #requestCount(String)} counts each served call once by its method name, whichever transport
 * carried it; websocket upgrades count as {@code "websocket"} and subscriptions as {@code "subscribe"}.
 *
 * <pre>{@code
 * SimulatedChain chain = SimulatedChain.builder().validator("alice", 10_000_000).build();
 * chain.produceBlocks(5);
 * try (SimnetServer server = SimnetServer.start(chain)) {
 *   String rpc = server.url(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class SimnetServer implements AutoCloseable {
  private final SimulatedChain chain;
  private final MockWebServer server;
  private final RpcDispatcher dispatcher;
  private final NewBlockFeed feed;

  private SimnetServer(SimulatedChain chain, MockWebServer server, RpcDispatcher dispatcher, NewBlockFeed feed) {
    this.chain = chain;
    this.server = server;
    this.dispatcher = dispatcher;
    this.feed = feed;
  }

  /** Serves {@code chain} on a free port of 127.0.0.1 with the websocket route enabled. */
  public static SimnetServer start(SimulatedChain chain) throws IOException {
    return builder(chain).start();
  }

  /** A builder to choose the port or disable the websocket route. */
  public static Builder builder(SimulatedChain chain) {
    return new Builder(chain);
  }

  /** The base URL, {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The websocket URL, {@code ws://127.0.0.1:PORT/websocket}. */
  public String websocketUrl() {
    return "ws://127.0.0.1:" + server.getPort() + "/websocket";
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The chain being served. */
  public SimulatedChain chain() {
    return chain;
  }

  /**
   * How many calls of {@code method} (for example {@code "block"} or {@code "abci_query"}) were served,
   * counting URI GET, JSON-RPC POST and websocket calls alike.
   */
  public long requestCount(String method) {
    return dispatcher.count(method);
  }

  /** Waits up to {@code timeoutMillis} for a websocket client to subscribe to NewBlock. */
  boolean awaitNewBlockSubscriber(long timeoutMillis) throws InterruptedException {
    return feed != null && feed.awaitNewBlockSubscriber(timeoutMillis);
  }

  /** Stops serving and closes open connections, including websockets. */
  @Override
  public void close() {
    if (feed != null) {
      chain.removeBlockListener(feed);
    }
    server.close();
  }

  /** Configures a {@link SimnetServer}. */
  public static final class Builder {
    private final SimulatedChain chain;
    private int port;
    private boolean websocket = true;

    private Builder(SimulatedChain chain) {
      this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Whether {@code /websocket} accepts upgrades (default true); without it clients must poll. */
    public Builder websocket(boolean enabled) {
      this.websocket = enabled;
      return this;
    }

    /** Starts listening on 127.0.0.1. */
    public SimnetServer start() throws IOException {
      MockWebServer server = new MockWebServer();
      server.start(InetAddress.getByName("127.0.0.1"), port);
      String rpcAddress = "tcp://127.0.0.1:" + server.getPort();
      NewBlockFeed feed = null;
      if (websocket) {
        feed = new NewBlockFeed(chain, new ObjectMapper());
        chain.addBlockListener(feed);
      }
      RpcDispatcher dispatcher = new RpcDispatcher(server, new RpcMethods(chain, rpcAddress), feed);
      server.setDispatcher(dispatcher);
      return new SimnetServer(chain, server, dispatcher, feed);
    }
  }
}
