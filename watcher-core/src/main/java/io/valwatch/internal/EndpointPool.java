package io.valwatch.internal;

import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.HeightNotAvailableException;
import io.valwatch.rpc.HeightNotYetAvailableException;
import io.valwatch.rpc.NodeStatus;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.rpc.RpcErrorException;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.RpcHttpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The RPC endpoints of one chain, with their health. Requests go to healthy endpoints first, in configured
 * order, and fail over to the next on any error. An endpoint that fails backs off: it gets no request until
 * the time it asked for ({@code Retry-After}, up to {@link #MAX_RETRY_AFTER}) or, when it did not say, an
 * exponential back-off has passed, doubling with every failure in a row: from {@link #BUSY_BACKOFF_MIN} up to
 * {@link #BUSY_BACKOFF_MAX} after 429 or 503, from {@link #BACKOFF_MIN} up to {@link #BACKOFF_MAX} after a
 * network or HTTP error. A JSON-RPC error is the node's own answer, not a sign of overload: it waits
 * {@link #BACKOFF_MIN}.
 * Used from the chain's thread only, except {@link #status()}, which any thread may call.
 */
final class EndpointPool {
  /** About one round of the chain's work: a passing error costs little. */
  static final Duration BACKOFF_MIN = Duration.ofMillis(250);
  static final Duration BACKOFF_MAX = Duration.ofSeconds(10);
  static final Duration BUSY_BACKOFF_MIN = Duration.ofSeconds(1);
  static final Duration BUSY_BACKOFF_MAX = Duration.ofSeconds(60);
  /** A longer Retry-After is cut to this, so that a typo on the endpoint's side cannot silence it for days. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** One request against one endpoint. */
  interface RpcCall<T> {
    T call(CometRpcClient client) throws RpcException;
  }

  private final String chainId;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final BiConsumer<String, String> onError;
  private final Clock clock;
  private int nextSpread;

  /**
   * @param onError told the redacted endpoint and the message of every failure
   */
  EndpointPool(String chainId, List<CometRpcClient> clients, BiConsumer<String, String> onError, Clock clock) {
    this.chainId = chainId;
    this.onError = onError;
    this.clock = clock;
    for (CometRpcClient c : clients) {
      endpoints.add(new Endpoint(c));
    }
  }

  /** The clients of every endpoint not known to be on another chain, in configured order. */
  List<CometRpcClient> clientsNotOnAnotherChain() {
    return endpoints.stream().filter(e -> !e.wrongChain).map(e -> e.client).toList();
  }

  /**
   * Runs a request on the healthiest endpoint, failing over. When all fail, throws the pruning answer with
   * the lowest available height if any endpoint gave one (the height is gone wherever it could be asked),
   * otherwise the last error.
   */
  <T> T call(RpcCall<T> call) throws RpcException {
    RpcException last = null;
    HeightNotAvailableException pruned = null;
    HeightNotYetAvailableException notYet = null;
    Instant now = clock.instant();
    for (Endpoint e : inPreferenceOrder()) {
      if (e.backingOff(now)) {
        continue;
      }
      try {
        T result = call.call(e.client);
        succeeded(e);
        return result;
      } catch (HeightNotAvailableException ex) {
        // A pruned node answered correctly: that is no failure of the endpoint.
        if (pruned == null || ex.lowestAvailableHeight() < pruned.lowestAvailableHeight()) {
          pruned = ex;
        }
      } catch (HeightNotYetAvailableException ex) {
        // Nor is a node that does not have a height yet.
        notYet = ex;
      } catch (RpcException ex) {
        last = ex;
        failed(e, ex);
      }
    }
    if (pruned != null) {
      throw pruned;
    }
    if (notYet != null) {
      throw notYet;
    }
    if (last != null) {
      throw last;
    }
    if (anyBackingOff(now)) {
      throw new RpcException("chain " + chainId + ": every endpoint is backing off after failing");
    }
    throw new RpcException("chain " + chainId + ": no endpoint is on this chain");
  }

  /**
   * The endpoint for the next request sent ahead of time: the healthy, synced endpoints on the right chain
   * that are not backing off and report at least {@code height} take turns; null when there is none.
   */
  CometRpcClient spreadFor(long height) {
    Instant now = clock.instant();
    List<Endpoint> usable = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.healthy && !e.wrongChain && !e.catchingUp && !e.backingOff(now) && e.height != null && e.height >= height) {
        usable.add(e);
      }
    }
    if (usable.isEmpty()) {
      return null;
    }
    nextSpread = (nextSpread + 1) % usable.size();
    return usable.get(nextSpread).client;
  }

  /** Records the outcome of a request sent outside {@link #call}; {@code failure} null for a success. */
  void outcome(CometRpcClient client, RpcException failure) {
    Endpoint e = endpointOf(client);
    if (failure == null) {
      succeeded(e);
    } else if (!(failure instanceof HeightNotAvailableException || failure instanceof HeightNotYetAvailableException)) {
      failed(e, failure);
    }
  }

  /** Asks every endpoint not backing off for its status; an endpoint on another chain is marked down. */
  void checkAll() {
    Instant now = clock.instant();
    for (Endpoint e : endpoints) {
      if (e.backingOff(now)) {
        continue;
      }
      try {
        NodeStatus s = e.client.status();
        if (!chainId.equals(s.network())) {
          failed(e, "endpoint is on chain '" + s.network() + "', expected '" + chainId + "'");
          e.wrongChain = true;
          continue;
        }
        e.wrongChain = false;
        succeeded(e);
        e.height = s.latestBlockHeight();
        e.catchingUp = s.catchingUp();
        e.lastError = null;
      } catch (RpcException ex) {
        failed(e, ex);
      }
    }
  }

  /** The newest height any healthy endpoint on the right chain reported; 0 when none did. */
  long highestHeight() {
    long max = 0;
    for (Endpoint e : endpoints) {
      if (e.healthy && !e.wrongChain && e.height != null) {
        max = Math.max(max, e.height);
      }
    }
    return max;
  }

  /** Records a height an endpoint reported outside a status check. */
  void sawHeight(CometRpcClient client, long height) {
    Endpoint e = endpointOf(client);
    if (e.height == null || e.height < height) {
      e.height = height;
    }
  }

  /**
   * Forgets every endpoint's report of {@code height} or more, found false (no endpoint serves the block);
   * returns the redacted endpoints that made it.
   */
  List<String> refute(long height, String why) {
    List<String> claimants = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Long h = e.height;
      if (h != null && h >= height) {
        e.height = null;
        e.lastError = "reported height " + h + ", " + why;
        claimants.add(e.client.endpoint().redacted());
      }
    }
    return claimants;
  }

  /** The redacted endpoints last found serving another chain. */
  Set<String> onAnotherChain() {
    Set<String> result = new HashSet<>();
    for (Endpoint e : endpoints) {
      if (e.wrongChain) {
        result.add(e.client.endpoint().redacted());
      }
    }
    return result;
  }

  /**
   * The endpoints to ask for a second opinion: every one on the right chain except the one requests go to
   * first, healthy ones first.
   */
  List<CometRpcClient> othersThanPreferred() {
    CometRpcClient first = preferred();
    return inPreferenceOrder().stream().map(e -> e.client).filter(c -> c != first).toList();
  }

  /** The endpoint to subscribe to: the first healthy one on the right chain, or null. */
  CometRpcClient preferred() {
    for (Endpoint e : inPreferenceOrder()) {
      if (e.healthy && !e.wrongChain) {
        return e.client;
      }
    }
    return null;
  }

  List<EndpointStatus> status() {
    List<EndpointStatus> result = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Map<RequestOutcome, Long> requests = new EnumMap<>(RequestOutcome.class);
      for (RequestOutcome o : RequestOutcome.values()) {
        requests.put(o, e.client.requestCount(o));
      }
      result.add(
          new EndpointStatus(
              e.client.endpoint().redacted(),
              e.healthy && !e.wrongChain,
              e.height,
              e.catchingUp,
              requests,
              e.lastError));
    }
    return result;
  }

  private List<Endpoint> inPreferenceOrder() {
    List<Endpoint> ordered = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.healthy && !e.wrongChain && !e.catchingUp) {
        ordered.add(e);
      }
    }
    for (Endpoint e : endpoints) {
      if (!ordered.contains(e) && !e.wrongChain) {
        ordered.add(e);
      }
    }
    return ordered;
  }

  /** Reports a failure that does not say the endpoint is down (a lost subscription, say). */
  void reportError(CometRpcClient client, String message) {
    onError.accept(client.endpoint().redacted(), message);
  }

  private void failed(Endpoint e, String message) {
    e.healthy = false;
    e.lastError = message;
    onError.accept(e.client.endpoint().redacted(), message);
  }

  private void failed(Endpoint e, RpcException ex) {
    boolean busy = ex instanceof RpcHttpException http && (http.statusCode() == 429 || http.statusCode() == 503);
    Duration wait;
    if (ex instanceof RpcErrorException) {
      wait = BACKOFF_MIN;
    } else {
      Duration min = busy ? BUSY_BACKOFF_MIN : BACKOFF_MIN;
      Duration max = busy ? BUSY_BACKOFF_MAX : BACKOFF_MAX;
      wait = e.backoff.compareTo(min) < 0 ? min : e.backoff.compareTo(max) > 0 ? max : e.backoff;
      e.backoff = wait.multipliedBy(2);
    }
    if (ex instanceof RpcHttpException http && http.retryAfter().isPresent()) {
      Duration asked = http.retryAfter().get();
      wait = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }
    e.backoffUntil = clock.instant().plus(wait);
    failed(e, ex.getMessage() + "; next request after " + wait.toMillis() + " ms");
  }

  private static void succeeded(Endpoint e) {
    e.healthy = true;
    e.backoff = BACKOFF_MIN;
    e.backoffUntil = null;
  }

  private boolean anyBackingOff(Instant now) {
    return endpoints.stream().anyMatch(e -> !e.wrongChain && e.backingOff(now));
  }

  private Endpoint endpointOf(CometRpcClient client) {
    for (Endpoint e : endpoints) {
      if (e.client == client) {
        return e;
      }
    }
    throw new IllegalArgumentException("not an endpoint of chain " + chainId + ": " + client.endpoint());
  }

  private static final class Endpoint {
    final CometRpcClient client;
    volatile boolean healthy;
    volatile boolean wrongChain;
    volatile boolean catchingUp;
    volatile Long height;
    volatile String lastError;
    Duration backoff = BACKOFF_MIN;
    Instant backoffUntil;

    Endpoint(CometRpcClient client) {
      this.client = client;
    }

    boolean backingOff(Instant now) {
      return backoffUntil != null && now.isBefore(backoffUntil);
    }
  }
}
