package io.valwatch.simnet.fault;

import io.valwatch.simnet.SimnetServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 that stands in front of a CometBFT RPC (usually a {@link SimnetServer}) and
 * applies {@link FaultRule}s to the calls passing through: latency, 429/503 with {@code Retry-After}, resets,
 * truncated and huge bodies, lies in {@code /status} and pushed blocks, pruned-node errors, redirects, echoed
 * secrets, and websockets that go silent or send a huge frame. Rules can be added and removed while clients
 * are connected; without rules it forwards every call unchanged.
 *
 * <pre>{@code
 * try (SimnetServer chain = SimnetServer.start(simulatedChain);
 *     FaultProxy proxy = FaultProxy.start(chain)) {
 *   // point the watcher at proxy.url() and proxy.websocketUrl()
 *   FaultRule lie = proxy.add(FaultRule.on("status").times(1)
 *       .fault(Fault.statusHeight(h -> h + 1_000_000)).build());
 *   ...
 *   proxy.heal();   // removes every rule
 * }
 * }</pre>
 *
 * <p>Each client connection gets its own thread, so many concurrent calls are delayed independently and a
 * latency rule adds its delay to each call, measured from the moment the request was read in full.
 * Websocket upgrades are relayed frame by frame to the upstream without compression, so that rules named
 * {@value FaultRule#NEW_BLOCK} can see and change each pushed block.
 */
public final class FaultProxy implements AutoCloseable {
  private final HttpUrl upstream;
  private final String pathPrefix;
  private final ServerSocket server;
  private final ExecutorService threads;
  private final OkHttpClient client;
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private FaultProxy(Builder b, ServerSocket server) {
    this.upstream = b.upstream;
    this.pathPrefix = b.pathPrefix;
    this.server = server;
    this.rules.addAll(b.rules);
    AtomicInteger ids = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy-" + server.getLocalPort() + "-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(256, 1, TimeUnit.MINUTES))
        .followRedirects(false)
        .retryOnConnectionFailure(false)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(60))
        .build();
  }

  /** A proxy without rules in front of {@code upstreamUrl}, such as {@code http://127.0.0.1:26657}. */
  public static FaultProxy start(String upstreamUrl) throws IOException {
    return builder(upstreamUrl).start();
  }

  /** A proxy without rules in front of {@code server}'s CometBFT RPC. */
  public static FaultProxy start(SimnetServer server) throws IOException {
    return builder(server.url()).start();
  }

  /** A builder for a proxy in front of {@code upstreamUrl}. */
  public static Builder builder(String upstreamUrl) {
    return new Builder(upstreamUrl);
  }

  /** The base URL clients use, {@code http://127.0.0.1:PORT} followed by the path prefix, if any. */
  public String url() {
    return "http://127.0.0.1:" + port() + pathPrefix;
  }

  /** The websocket URL, {@code ws://127.0.0.1:PORT[prefix]/websocket}. */
  public String websocketUrl() {
    return "ws://127.0.0.1:" + port() + pathPrefix + "/websocket";
  }

  /** The port the proxy listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** Adds {@code rule} after the existing ones and returns it, for {@link #remove} or {@link FaultRule#hits}. */
  public FaultRule add(FaultRule rule) {
    rules.add(Objects.requireNonNull(rule, "rule"));
    return rule;
  }

  /** Removes {@code rule}; calls already delayed or answered by it are not affected. */
  public void remove(FaultRule rule) {
    rules.remove(rule);
  }

  /** Removes every rule: from now on calls pass unchanged. */
  public void heal() {
    rules.clear();
  }

  /** The rules in force, in the order they apply. */
  public List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  /**
   * How many calls named {@code call} arrived, whether or not a rule changed them: an RPC method such as
   * {@code "block"}, {@value FaultRule#WEBSOCKET} for upgrades, {@value FaultRule#NEW_BLOCK} for pushed
   * blocks.
   */
  public long requestCount(String call) {
    LongAdder n = counts.get(call);
    return n == null ? 0 : n.sum();
  }

  /** Stops listening and closes every connection, websockets included. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : new ArrayList<>(open)) {
      closeQuietly(s);
    }
    threads.shutdownNow();
    client.connectionPool().evictAll();
  }

  HttpUrl upstream() {
    return upstream;
  }

  String pathPrefix() {
    return pathPrefix;
  }

  OkHttpClient client() {
    return client;
  }

  boolean closed() {
    return closed;
  }

  /** Counts a call and returns the rules' verdict on it. */
  Verdict judge(String call) {
    counts.computeIfAbsent(call, c -> new LongAdder()).increment();
    long delayNanos = 0;
    FaultRule.Applied decision = null;
    for (FaultRule rule : rules) {
      FaultRule.Applied applied = rule.claim(call, decision != null);
      if (applied == null) {
        continue;
      }
      if (applied.fault().delaysOnly()) {
        delayNanos += applied.fault().duration.toNanos();
      } else {
        decision = applied;
      }
    }
    return new Verdict(delayNanos, decision);
  }

  /** What the rules decided for one call: a delay, and the fault that decides the answer or {@code null}. */
  record Verdict(long delayNanos, FaultRule.Applied decision) {
    Fault.Kind kind() {
      return decision == null ? null : decision.fault().kind;
    }
  }

  void track(Socket socket) {
    open.add(socket);
    if (closed) {
      closeQuietly(socket);
    }
  }

  void untrack(Socket socket) {
    open.remove(socket);
  }

  void execute(Runnable task) {
    threads.execute(task);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
        threads.execute(new ProxyConnection(this, socket));
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(socket);
      }
    }
  }

  /** Configures a {@link FaultProxy}. */
  public static final class Builder {
    private final HttpUrl upstream;
    private final List<FaultRule> rules = new ArrayList<>();
    private int port;
    private String pathPrefix = "";

    private Builder(String upstreamUrl) {
      HttpUrl url = HttpUrl.parse(Objects.requireNonNull(upstreamUrl, "upstreamUrl"));
      if (url == null || !url.scheme().equals("http")) {
        throw new IllegalArgumentException("upstream must be an http:// URL, got '" + upstreamUrl + "'");
      }
      this.upstream = url.newBuilder().encodedPath("/").query(null).build();
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * A path the proxy expects before every request path and strips before forwarding, such as
     * {@code /key/Ab12Cd34} for an endpoint whose key is in the path; other paths get 404.
     */
    public Builder pathPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
        throw new IllegalArgumentException("a path prefix starts with '/' and does not end with one, got '" + prefix + "'");
      }
      this.pathPrefix = prefix;
      return this;
    }

    /** A rule in force from the start. */
    public Builder rule(FaultRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Starts listening on 127.0.0.1. */
    public FaultProxy start() throws IOException {
      ServerSocket server = new ServerSocket();
      try {
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 512);
      } catch (IOException e) {
        server.close();
        throw e;
      }
      FaultProxy proxy = new FaultProxy(this, server);
      proxy.threads.execute(proxy::acceptLoop);
      return proxy;
    }
  }
}
