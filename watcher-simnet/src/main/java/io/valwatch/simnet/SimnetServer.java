package io.valwatch.simnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import mockwebserver3.MockWebServer;

/**
 * Serves a {@link SimulatedChain} on 127.0.0.1 the way a node does, on three ports:
 *
 * <ul>
 *   <li>CometBFT 0.38 RPC ({@link #url()}): URI GET and JSON-RPC POST for {@code health}, {@code status},
 *       {@code block}, {@code commit}, {@code validators} and {@code abci_query}, and {@code /websocket}
 *       subscriptions to {@code tm.event='NewBlock'};
 *   <li>native gRPC ({@link #grpcTarget()}, plaintext): the query services of the chain's staking module and
 *       {@code cosmos.slashing.v1beta1.Query}, honouring the {@code x-cosmos-block-height} metadata;
 *   <li>LCD REST ({@link #restUrl()}): the same queries as grpc-gateway serves them, such as
 *       {@code GET /cosmos/staking/v1beta1/validators?status=BOND_STATUS_BONDED&pagination.limit=10}.
 * </ul>
 *
 * <p>Every query method has one implementation; {@code abci_query}, gRPC and REST only carry it. Which
 * queries exist depends on {@link SimulatedChain#stakingModule()}; see the package documentation.
 *
 * <p>{@link #requestCount(String)} counts served calls: CometBFT RPC calls by method name ({@code "block"},
 * {@code "abci_query"}) whichever transport carried them, websocket upgrades as {@code "websocket"} and
 * subscriptions as {@code "subscribe"}; gRPC calls by full method name
 * ({@code "cosmos.staking.v1beta1.Query/Validators"}); REST calls by route
 * ({@code "/cosmos/slashing/v1beta1/signing_infos/{cons_address}"}).
 *
 * <pre>{@code
 * SimulatedChain chain = SimulatedChain.builder().validator("alice", 10_000_000).build();
 * chain.produceBlocks(5);
 * try (SimnetServer server = SimnetServer.start(chain)) {
 *   String rpc = server.url();         // http://127.0.0.1:PORT
 *   String grpc = server.grpcTarget(); // 127.0.0.1:PORT
 *   String rest = server.restUrl();    // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class SimnetServer implements AutoCloseable {
  private final SimulatedChain chain;
  private final MockWebServer server;
  private final RequestCounter counter;
  private final NewBlockFeed feed;
  private final GrpcQueryServer grpc;
  private final MockWebServer rest;

  private SimnetServer(SimulatedChain chain, MockWebServer server, RequestCounter counter, NewBlockFeed feed,
      GrpcQueryServer grpc, MockWebServer rest) {
    this.chain = chain;
    this.server = server;
    this.counter = counter;
    this.feed = feed;
    this.grpc = grpc;
    this.rest = rest;
  }

  /** Serves {@code chain} on free ports of 127.0.0.1 with every transport and the websocket route enabled. */
  public static SimnetServer start(SimulatedChain chain) throws IOException {
    return builder(chain).start();
  }

  /** A builder to choose the ports or disable the websocket route, gRPC or REST. */
  public static Builder builder(SimulatedChain chain) {
    return new Builder(chain);
  }

  /** The CometBFT RPC base URL, {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The websocket URL, {@code ws://127.0.0.1:PORT/websocket}. */
  public String websocketUrl() {
    return "ws://127.0.0.1:" + server.getPort() + "/websocket";
  }

  /** The port the CometBFT RPC listens on. */
  public int port() {
    return server.getPort();
  }

  /**
   * The gRPC target, {@code 127.0.0.1:PORT}, for {@code ManagedChannelBuilder.forTarget(...).usePlaintext()}.
   *
   * @throws IllegalStateException if gRPC was disabled
   */
  public String grpcTarget() {
    return "127.0.0.1:" + grpcPort();
  }

  /**
   * The port the gRPC server listens on.
   *
   * @throws IllegalStateException if gRPC was disabled
   */
  public int grpcPort() {
    if (grpc == null) {
      throw new IllegalStateException("gRPC is disabled on this server; enable it with builder(chain).grpc(true)");
    }
    return grpc.port();
  }

  /**
   * The LCD REST base URL, {@code http://127.0.0.1:PORT}, without a trailing slash.
   *
   * @throws IllegalStateException if REST was disabled
   */
  public String restUrl() {
    if (rest == null) {
      throw new IllegalStateException("REST is disabled on this server; enable it with builder(chain).rest(true)");
    }
    return "http://127.0.0.1:" + rest.getPort();
  }

  /** The chain being served. */
  public SimulatedChain chain() {
    return chain;
  }

  /**
   * How many calls were served under {@code name}: a CometBFT RPC method such as {@code "block"} or
   * {@code "abci_query"}, a gRPC full method name such as {@code "cosmos.staking.v1beta1.Query/Validators"},
   * or a REST route such as {@code "/cosmos/staking/v1beta1/validators"}.
   */
  public long requestCount(String name) {
    return counter.get(name);
  }

  /** Waits up to {@code timeoutMillis} for a websocket client to subscribe to NewBlock. */
  boolean awaitNewBlockSubscriber(long timeoutMillis) throws InterruptedException {
    return feed != null && feed.awaitNewBlockSubscriber(timeoutMillis);
  }

  /** Stops serving and closes open connections, including websockets and gRPC calls. */
  @Override
  public void close() {
    if (feed != null) {
      chain.removeBlockListener(feed);
    }
    server.close();
    if (grpc != null) {
      grpc.close();
    }
    if (rest != null) {
      rest.close();
    }
  }

  /** Configures a {@link SimnetServer}. */
  public static final class Builder {
    private final SimulatedChain chain;
    private int port;
    private int grpcPort;
    private int restPort;
    private boolean websocket = true;
    private boolean grpcEnabled = true;
    private boolean restEnabled = true;

    private Builder(SimulatedChain chain) {
      this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** The CometBFT RPC port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** The gRPC port; 0 (the default) picks a free one. */
    public Builder grpcPort(int port) {
      this.grpcPort = checkPort(port);
      return this;
    }

    /** The REST port; 0 (the default) picks a free one. */
    public Builder restPort(int port) {
      this.restPort = checkPort(port);
      return this;
    }

    /** Whether {@code /websocket} accepts upgrades (default true); without it clients must poll. */
    public Builder websocket(boolean enabled) {
      this.websocket = enabled;
      return this;
    }

    /** Whether to serve native gRPC (default true). */
    public Builder grpc(boolean enabled) {
      this.grpcEnabled = enabled;
      return this;
    }

    /** Whether to serve the LCD REST API (default true). */
    public Builder rest(boolean enabled) {
      this.restEnabled = enabled;
      return this;
    }

    /** Starts listening on 127.0.0.1. */
    public SimnetServer start() throws IOException {
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      RequestCounter counter = new RequestCounter();
      MockWebServer server = new MockWebServer();
      server.setServerSocketFactory(new NoDelayServerSocketFactory());
      GrpcQueryServer grpc = null;
      MockWebServer rest = null;
      try {
        server.start(loopback, port);
        String rpcAddress = "tcp://127.0.0.1:" + server.getPort();
        if (grpcEnabled) {
          grpc = GrpcQueryServer.start(chain, counter, grpcPort);
        }
        if (restEnabled) {
          rest = new MockWebServer();
          rest.setServerSocketFactory(new NoDelayServerSocketFactory());
          rest.setDispatcher(new RestGateway(rest, chain, counter));
          rest.start(loopback, restPort);
        }
        NewBlockFeed feed = null;
        if (websocket) {
          feed = new NewBlockFeed(chain, new ObjectMapper());
          chain.addBlockListener(feed);
        }
        server.setDispatcher(new RpcDispatcher(server, new RpcMethods(chain, rpcAddress), feed, counter));
        return new SimnetServer(chain, server, counter, feed, grpc, rest);
      } catch (IOException | RuntimeException e) {
        server.close();
        if (grpc != null) {
          grpc.close();
        }
        if (rest != null) {
          rest.close();
        }
        throw e;
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 0..65535, got " + port);
      }
      return port;
    }
  }
}
