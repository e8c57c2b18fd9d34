package io.valwatch.simnet.minter;

import java.io.IOException;
import java.net.InetAddress;
import mockwebserver3.MockWebServer;

/**
 * Serves a {@link MinterChain} on 127.0.0.1 as a Minter node's API v2 (the grpc-gateway REST API):
 * {@code GET /v2/status}, {@code /v2/block/{height}} (with {@code fields}), {@code /v2/validators},
 * {@code /v2/candidate/{public_key}}, {@code /v2/candidates} (with {@code status}) and {@code
 * /v2/missed_blocks/{public_key}}, each with {@code height} where Minter has it. State queries answer for
 * the last {@code keepLastStates} heights.
 *
 * <pre>{@code
 * MinterChain chain = MinterChain.builder().candidate("alice", 1_000_000).build();
 * chain.produceBlocks(5);
 * try (MinterApiServer server = MinterApiServer.start(chain)) {
 *   String api = server.url(); // http://127.0.0.1:PORT/v2
 * }
 * }</pre>
 */
public final class MinterApiServer implements AutoCloseable {
  private final MinterChain chain;
  private final MockWebServer server;
  private final MinterApiDispatcher dispatcher;

  private MinterApiServer(MinterChain chain, MockWebServer server, MinterApiDispatcher dispatcher) {
    this.chain = chain;
    this.server = server;
    this.dispatcher = dispatcher;
  }

  /** Serves {@code chain} on a free port of 127.0.0.1. */
  public static MinterApiServer start(MinterChain chain) throws IOException {
    MockWebServer server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    MinterApiDispatcher dispatcher = new MinterApiDispatcher(server, chain);
    server.setDispatcher(dispatcher);
    return new MinterApiServer(chain, server, dispatcher);
  }

  /** The API base URL, {@code http://127.0.0.1:PORT/v2}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort() + "/v2";
  }

  /** The chain being served. */
  public MinterChain chain() {
    return chain;
  }

  /**
   * How many requests were served for a route: the path segment after {@code /v2/}, such as {@code
   * "block"}, {@code "status"} or {@code "missed_blocks"} (errors included).
   */
  public long requestCount(String route) {
    return dispatcher.count(route);
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.close();
  }
}
