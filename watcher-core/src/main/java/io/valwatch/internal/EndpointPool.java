package io.valwatch.internal;

import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.EndpointBackoff;
import io.valwatch.rpc.EndpointBackoff.Cause;
import io.valwatch.rpc.HeightAboveLatestException;
import io.valwatch.rpc.HeightBelowLowestException;
import io.valwatch.rpc.NodeStatus;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.rpc.RpcErrorException;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.RpcHttpException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The RPC endpoints of one chain, with their health. Requests go to healthy endpoints first, in configured
 * order, and fail over to the next on any error. An endpoint that fails backs off ({@link EndpointBackoff}):
 * 429 and 503 count as busy, a JSON-RPC error as the node's own refusal, anything else as a failure.
 * Used from the chain's thread only, except {@link #status()}, which any thread may call.
 */
final class EndpointPool {

  /** One request against one endpoint. */
  interface RpcCall<T> {
    T call(CometRpcClient client) throws RpcException;
  }

  private final String chainId;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final BiConsumer<String, String> onError;
  private int nextSpread;

  /**
   * @param onError told the redacted endpoint and the message of every failure
   */
  EndpointPool(String chainId, List<CometRpcClient> clients, BiConsumer<String, String> onError, Clock clock) {
    this.chainId = chainId;
    this.onError = onError;
    for (CometRpcClient c : clients) {
      endpoints.add(new Endpoint(c, clock));
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
    HeightBelowLowestException pruned = null;
    HeightAboveLatestException notYet = null;
    for (Endpoint e : inPreferenceOrder()) {
      if (e.backingOff()) {
        continue;
      }
      try {
        T result = call.call(e.client);
        succeeded(e);
        return result;
      } catch (HeightBelowLowestException ex) {
        // A pruned node answered correctly: that is no failure of the endpoint.
        if (pruned == null || ex.lowestAvailableHeight() < pruned.lowestAvailableHeight()) {
          pruned = ex;
        }
      } catch (HeightAboveLatestException ex) {
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
    if (anyBackingOff()) {
      throw new RpcException("chain " + chainId + ": every endpoint is backing off after failing");
    }
    throw new RpcException("chain " + chainId + ": no endpoint is on this chain");
  }

  /**
   * The endpoint for the next request sent ahead of time: the healthy, synced endpoints on the right chain
   * that are not backing off and report at least {@code height} take turns; null when there is none.
   */
  CometRpcClient spreadFor(long height) {
    List<Endpoint> usable = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.healthy && !e.wrongChain && !e.catchingUp && !e.backingOff() && e.height != null && e.height >= height) {
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
    } else if (!(failure instanceof HeightBelowLowestException || failure instanceof HeightAboveLatestException)) {
      failed(e, failure);
    }
  }

  /** Asks every endpoint not backing off for its status; an endpoint on another chain is marked down. */
  void checkAll() {
    for (Endpoint e : endpoints) {
      if (e.backingOff()) {
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
          EndpointStatus.builder()
              .endpoint(e.client.endpoint().redacted())
              .up(e.healthy && !e.wrongChain)
              .height(e.height)
              .catchingUp(e.catchingUp)
              .requests(requests)
              .lastError(e.lastError)
              .build());
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
    Duration wait;
    if (ex instanceof RpcErrorException) {
      wait = e.backoff.failed(Cause.REFUSED);
    } else if (ex instanceof RpcHttpException http) {
      Cause cause = EndpointBackoff.causeOf(http.statusCode());
      wait = http.retryAfter().map(asked -> e.backoff.failed(cause, asked)).orElseGet(() -> e.backoff.failed(cause));
    } else {
      wait = e.backoff.failed(Cause.FAILED);
    }
    failed(e, ex.getMessage() + "; next request after " + wait.toMillis() + " ms");
  }

  private static void succeeded(Endpoint e) {
    e.healthy = true;
    e.backoff.succeeded();
  }

  private boolean anyBackingOff() {
    return endpoints.stream().anyMatch(e -> !e.wrongChain && e.backingOff());
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
    final EndpointBackoff backoff;

    Endpoint(CometRpcClient client, Clock clock) {
      this.client = client;
      this.backoff = new EndpointBackoff(clock);
    }

    boolean backingOff() {
      return backoff.backingOff();
    }
  }
}
