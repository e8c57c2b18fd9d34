package io.valwatch.spi;

import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * What the core gives a plugin to open a chain with.
 *
 * @param chainId the chain id, as checked against the node's {@code /status}
 * @param endpoints the configured endpoint URLs, in configured order (redact them with
 *     {@link RpcEndpoint#redacted()} before logging)
 * @param rpcClients a CometBFT RPC client per configured endpoint, in configured order
 * @param httpClient the shared HTTP client, for plugins that talk to other APIs
 * @param clock the watcher's clock
 * @param pollInterval how often the chain is polled for new heights
 * @param options the plugin's own settings from the chain's configuration
 * @param maxInFlight the most block requests a block source may send ahead at once ({@code max_in_flight})
 */
public record ChainContext(
    String chainId,
    List<RpcEndpoint> endpoints,
    List<CometRpcClient> rpcClients,
    OkHttpClient httpClient,
    Clock clock,
    Duration pollInterval,
    Map<String, Object> options,
    int maxInFlight) {
  public ChainContext {
    endpoints = List.copyOf(endpoints);
    rpcClients = List.copyOf(rpcClients);
    options = Map.copyOf(options);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
  }

  /** A context with one request in flight: nothing is sent ahead. */
  public ChainContext(
      String chainId,
      List<RpcEndpoint> endpoints,
      List<CometRpcClient> rpcClients,
      OkHttpClient httpClient,
      Clock clock,
      Duration pollInterval,
      Map<String, Object> options) {
    this(chainId, endpoints, rpcClients, httpClient, clock, pollInterval, options, 1);
  }
}
