package io.valwatch.internal;

import io.valwatch.EndpointStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.HeightNotAvailableException;
import io.valwatch.rpc.NodeStatus;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.rpc.RpcException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The RPC endpoints of one chain, with their health. Requests go to healthy endpoints first, in configured
 * order, and fail over to the next on any error. Used from the chain's thread only, except
 * {@link #status()}, which any thread may call.
 */
final class EndpointPool {
  /** One request against one endpoint. */
  interface RpcCall<T> {
    T call(CometRpcClient client) throws RpcException;
  }

  private final String chainId;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final BiConsumer<String, String> onError;

  /**
   * @param onError told the redacted endpoint and the message of every failure
   */
  EndpointPool(String chainId, List<CometRpcClient> clients, BiConsumer<String, String> onError) {
    this.chainId = chainId;
    this.onError = onError;
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
    for (Endpoint e : inPreferenceOrder()) {
      try {
        T result = call.call(e.client);
        e.healthy = true;
        return result;
      } catch (HeightNotAvailableException ex) {
        // A pruned node answered correctly: that is no failure of the endpoint.
        if (pruned == null || ex.lowestAvailableHeight() < pruned.lowestAvailableHeight()) {
          pruned = ex;
        }
      } catch (RpcException ex) {
        last = ex;
        failed(e, ex.getMessage());
      }
    }
    if (pruned != null) {
      throw pruned;
    }
    if (last == null) {
      throw new RpcException("chain " + chainId + ": no endpoint is on this chain");
    }
    throw last;
  }

  /** Asks every endpoint for its status; an endpoint on another chain is marked down. */
  void checkAll() {
    for (Endpoint e : endpoints) {
      try {
        NodeStatus s = e.client.status();
        if (!chainId.equals(s.network())) {
          failed(e, "endpoint is on chain '" + s.network() + "', expected '" + chainId + "'");
          e.wrongChain = true;
          continue;
        }
        e.wrongChain = false;
        e.healthy = true;
        e.height = s.latestBlockHeight();
        e.catchingUp = s.catchingUp();
        e.lastError = null;
      } catch (RpcException ex) {
        failed(e, ex.getMessage());
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
    for (Endpoint e : endpoints) {
      if (e.client == client && (e.height == null || e.height < height)) {
        e.height = height;
      }
    }
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

  private static final class Endpoint {
    final CometRpcClient client;
    volatile boolean healthy;
    volatile boolean wrongChain;
    volatile boolean catchingUp;
    volatile Long height;
    volatile String lastError;

    Endpoint(CometRpcClient client) {
      this.client = client;
    }
  }
}
