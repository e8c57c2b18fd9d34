package io.valwatch;

import io.valwatch.action.Confirmation;
import io.valwatch.action.Occurrence;
import io.valwatch.alert.AlertKey;
import io.valwatch.event.WatcherListener;
import io.valwatch.internal.ChainRunner;
import io.valwatch.internal.CleartextHttp;
import io.valwatch.internal.ElasticExecutor;
import io.valwatch.internal.PluginChoice;
import io.valwatch.internal.StateStore;
import io.valwatch.internal.risk.AlertStore;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.risk.AlertSettings;
import io.valwatch.rpc.WebSocketClient;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Watches validators on one or more chains. Each chain's rounds run isolated, on a thread of their own while
 * they run: a failing chain or endpoint never stalls another, and an idle chain holds no thread.
 *
 * <pre>{@code
 * Watcher watcher = Watcher.builder()
 *     .chain(ChainSpec.builder("cosmoshub-4")
 *         .rpcEndpoint("https://rpc.example.com")
 *         .track("cosmosvaloper1...", "main")
 *         .build())
 *     .listener(new WatcherListener() {
 *       public void onMissedBlock(MissedBlock e) { ... }
 *     })
 *     .stateDirectory(Path.of("/var/lib/valwatch"))
 *     .build();
 * watcher.start();
 * }</pre>
 */
public final class Watcher implements AutoCloseable {
  /**
   * OkHttp's own dispatcher keeps an idle request thread for a minute. Each chain keeps up to {@code
   * max_in_flight} requests in flight while it catches up, so after many chains caught up together hundreds
   * of idle threads (with their stacks and parsers' buffers) would wait out that minute; here they end after
   * a few seconds. The chains' round threads end the same way.
   */
  private static final Duration IDLE_THREAD = Duration.ofSeconds(5);

  private final Map<String, ChainRunner> runners;
  /** Without a given scheduler: one thread that says when each chain's round is due... */
  private final ScheduledExecutorService ownedTimer;
  /** ...and the rounds' threads, as many as run at once. */
  private final ExecutorService ownedRounds;
  /** Every chain's subscriptions share it: one selector thread and one set of buffers for all. */
  private final WebSocketClient webSockets;

  private Watcher(Builder b) {
    ChainPluginRegistry plugins =
        b.plugins != null ? b.plugins : ChainPluginRegistry.loadInstalled(Watcher.class.getClassLoader());
    OkHttpClient http = b.httpClient != null ? b.httpClient : defaultHttpClient(b.chains);
    this.webSockets = WebSocketClient.create(http);
    StateStore state = b.stateDirectory != null ? StateStore.inDirectory(b.stateDirectory) : StateStore.inMemory();
    AlertStore alertStore = b.stateDirectory != null ? AlertStore.inDirectory(b.stateDirectory) : AlertStore.inMemory();
    this.ownedTimer =
        b.scheduler == null ? Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "valwatch-timer")) : null;
    this.ownedRounds = b.scheduler == null ? new ElasticExecutor("valwatch-chain", IDLE_THREAD) : null;
    ScheduledExecutorService timer = b.scheduler != null ? b.scheduler : ownedTimer;
    ExecutorService rounds = b.scheduler != null ? b.scheduler : ownedRounds;
    Map<String, ChainRunner> byId = new LinkedHashMap<>();
    for (ChainSpec spec : b.chains) {
      if (byId.containsKey(spec.chainId())) {
        throw new IllegalArgumentException("chain " + spec.chainId() + " is configured twice");
      }
      PluginChoice choice = new PluginChoice(spec.pluginId().map(id -> plugin(plugins, spec, id)), plugins.plugins());
      byId.put(
          spec.chainId(),
          new ChainRunner(spec, choice, http, webSockets, timer, rounds, b.clock, state, List.copyOf(b.listeners),
              b.alerting, alertStore));
    }
    this.runners = Collections.unmodifiableMap(byId); // Map.copyOf would lose the configuration order
  }

  private static ChainPlugin plugin(ChainPluginRegistry plugins, ChainSpec spec, String id) {
    return plugins
        .find(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "chain "
                        + spec.chainId()
                        + ": no chain plugin with id '"
                        + id
                        + "' (installed: "
                        + plugins.plugins().stream().map(ChainPlugin::id).toList()
                        + ")"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The client of a watcher given none; it speaks TLS only if one of {@code chains}' URLs is {@code https}. */
  static OkHttpClient defaultHttpClient(List<ChainSpec> chains) {
    ThreadPoolExecutor requests =
        new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, IDLE_THREAD.toMillis(), TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
            r -> daemon(r, "valwatch-request"));
    OkHttpClient.Builder client =
        new OkHttpClient.Builder()
            .dispatcher(new Dispatcher(requests))
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(20))
            .callTimeout(Duration.ofSeconds(30));
    return (CleartextHttp.suffices(chains) ? CleartextHttp.only(client) : client).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts watching every chain. Returns at once; the work happens on the watcher's threads. */
  public void start() {
    int slot = 0;
    for (ChainRunner runner : runners.values()) {
      runner.start(slot++, runners.size());
    }
  }

  /** A snapshot of every chain, in configuration order. */
  public List<ChainStatus> status() {
    return runners.values().stream().map(ChainRunner::status).toList();
  }

  /** A snapshot of one chain. */
  public Optional<ChainStatus> status(String chainId) {
    return Optional.ofNullable(runners.get(chainId)).map(ChainRunner::status);
  }

  /**
   * Asks an endpoint of the occurrence's chain other than the preferred one whether its condition holds now:
   * the signature missing at the newest processed height ({@code jail_imminent}, {@code consecutive_misses}),
   * the double-sign evidence in the block, or the staking data read through it ({@code jailed},
   * {@code tombstoned}, {@code inactive}). Blocks while the question travels; an {@link
   * io.valwatch.action.ActionEngine} calls it before an action runs.
   */
  public Confirmation confirm(Occurrence occurrence) {
    ChainRunner runner = runners.get(occurrence.chainId());
    if (runner == null) {
      return Confirmation.UNCHECKABLE;
    }
    return runner.confirm(new AlertKey(occurrence.chainId(), occurrence.subject(), occurrence.kind()));
  }

  /** Stops every chain and waits a few seconds for in-flight work to finish. */
  @Override
  public void close() {
    runners.values().forEach(ChainRunner::close);
    webSockets.close();
    if (ownedTimer != null) {
      ownedTimer.shutdownNow();
      ownedRounds.shutdownNow();
      try {
        ownedRounds.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Configures a {@link Watcher}. Only {@link #chain(ChainSpec)} is required. */
  public static final class Builder {
    private final List<ChainSpec> chains = new ArrayList<>();
    private final List<WatcherListener> listeners = new ArrayList<>();
    private Path stateDirectory;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private OkHttpClient httpClient;
    private ChainPluginRegistry plugins;
    private AlertSettings alerting = AlertSettings.defaults();

    private Builder() {}

    /** Adds a chain to watch. */
    public Builder chain(ChainSpec spec) {
      chains.add(Objects.requireNonNull(spec));
      return this;
    }

    /** Adds a listener for events. */
    public Builder listener(WatcherListener listener) {
      listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /**
     * How alerts move between states: hold-downs and reminders; {@link AlertSettings#defaults()} when not set.
     * Alerts reach every listener's {@link WatcherListener#onAlert}.
     */
    public Builder alerting(AlertSettings settings) {
      this.alerting = Objects.requireNonNull(settings);
      return this;
    }

    /**
     * Where each chain's cursor and signing state (windows, streaks, recent blocks) and the firing alerts
     * ({@code alerts.json}) are persisted; without it a restart starts from the latest height again with empty
     * windows and forgets which alerts were sent.
     */
    public Builder stateDirectory(Path dir) {
      this.stateDirectory = dir;
      return this;
    }

    /** The clock; tests inject a fixed one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * The scheduler that times the chains' rounds and runs them, each chain's one at a time; the watcher does not
     * shut down a scheduler it was given. Give it a thread per chain, or one chain's slow endpoint delays the
     * others. Without it the watcher times the rounds on one thread of its own and runs each on a pooled thread
     * that ends after a few idle seconds.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * The HTTP client for every endpoint. Without one the watcher makes its own, which speaks TLS only when one
     * of its chains' URLs (RPC endpoints, plugin options) is {@code https}: building a client that may speak TLS
     * loads the JVM's trust store.
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = client;
      return this;
    }

    /** The chain plugins to pick from; by default every one on the class path. */
    public Builder plugins(ChainPluginRegistry registry) {
      this.plugins = registry;
      return this;
    }

    public Watcher build() {
      if (chains.isEmpty()) {
        throw new IllegalStateException("a watcher needs at least one chain");
      }
      return new Watcher(this);
    }
  }
}
