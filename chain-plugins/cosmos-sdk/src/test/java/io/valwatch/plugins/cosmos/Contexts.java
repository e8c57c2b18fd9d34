package io.valwatch.plugins.cosmos;

import io.valwatch.rpc.CometRpcClient;
import io.valwatch.spi.ChainContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** Chain contexts for tests. */
final class Contexts {
  private Contexts() {}

  static ChainContext of(String chainId, List<CometRpcClient> clients, OkHttpClient http, Map<String, Object> options) {
    return ChainContext.builder()
        .chainId(chainId)
        .endpoints(clients.stream().map(CometRpcClient::endpoint).toList())
        .rpcClients(clients)
        .httpClient(http)
        .clock(Clock.systemUTC())
        .pollInterval(Duration.ofSeconds(1))
        .options(options)
        .build();
  }
}
