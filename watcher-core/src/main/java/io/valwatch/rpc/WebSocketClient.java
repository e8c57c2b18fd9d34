package io.valwatch.rpc;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * The websocket side of {@link CometRpcClient}: one JDK {@link HttpClient}, with its selector thread and
 * buffers, for the {@code /websocket} subscriptions of every client that shares it, however many endpoints
 * and chains they talk to. The JDK client is made at the first subscription, so that an application that never
 * subscribes pays nothing for it, and its TLS context (the JVM's default) is made at the first {@code wss://}
 * handshake, so that one that subscribes over {@code ws://} only never loads the TLS stack. Thread-safe.
 *
 * <p>Whoever creates one closes it, after the subscriptions opened through it are closed: {@link #close()}
 * ends any still open and refuses new ones, and the selector thread then ends once nothing refers to the
 * client any more.
 */
public final class WebSocketClient implements AutoCloseable {
  private final OkHttpClient http;
  private final Set<NewBlockSubscription> open = ConcurrentHashMap.newKeySet();
  private HttpClient client;
  private boolean closed;

  private WebSocketClient(OkHttpClient http) {
    this.http = http;
  }

  /**
   * A client whose connections are opened within {@code http}'s connect timeout and whose messages are
   * delivered on the threads of {@code http}'s dispatcher. It never follows a redirect: that would send the
   * endpoint's credentials, and the watcher's trust, elsewhere.
   */
  public static WebSocketClient create(OkHttpClient http) {
    return new WebSocketClient(Objects.requireNonNull(http, "http"));
  }

  /** Opens {@code subscription}; it leaves this client's care when it ends. */
  void open(NewBlockSubscription subscription, Map<String, String> headers) {
    HttpClient jdk;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the websocket client is closed");
      }
      if (client == null) {
        client =
            DeferredTlsContext.defaultContext(HttpClient.newBuilder())
                .executor(http.dispatcher().executorService())
                .connectTimeout(connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
      }
      jdk = client;
      open.add(subscription);
    }
    subscription.start(jdk, connectTimeout(), headers, () -> open.remove(subscription));
  }

  private Duration connectTimeout() {
    return Duration.ofMillis(http.connectTimeoutMillis());
  }

  /** How many subscriptions opened through this client have not ended yet. */
  int openSubscriptions() {
    return open.size();
  }

  /**
   * Refuses new subscriptions and drops the connection of each one still open, whose listener hears that it
   * was closed (with no cause).
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      client = null;
    }
    for (NewBlockSubscription s : open) {
      s.abort();
    }
  }
}
