package io.valwatch.spi;

import io.valwatch.rpc.CometRpcClient;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * What the core gives a plugin to open a chain with.
 *
 * @param chainId the chain id, as checked against the node's {@code /status}
 * @param rpcClients a client per configured CometBFT RPC endpoint, in configured order
 * @param httpClient the shared HTTP client, for plugins that talk to other APIs
 * @param options the plugin's own settings from the chain's configuration
 */
public record ChainContext(
    String chainId, List<CometRpcClient> rpcClients, OkHttpClient httpClient, Map<String, Object> options) {
  public ChainContext {
    rpcClients = List.copyOf(rpcClients);
    options = Map.copyOf(options);
  }
}
