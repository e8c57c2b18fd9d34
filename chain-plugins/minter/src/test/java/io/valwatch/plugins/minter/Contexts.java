package io.valwatch.plugins.minter;

import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/** Chain contexts for tests. */
final class Contexts {
  static final Duration POLL = Duration.ofSeconds(5);
  private static final OkHttpClient HTTP = new OkHttpClient();

  private Contexts() {}

  static ChainContext of(String network, Clock clock, Map<String, Object> options, String... urls) {
    return builder(network, clock, urls).options(options).build();
  }

  /** A context whose block source may send up to {@code maxInFlight} requests ahead. */
  static ChainContext inFlight(int maxInFlight, String network, Clock clock, String... urls) {
    return builder(network, clock, urls).options(Map.of()).maxInFlight(maxInFlight).build();
  }

  private static ChainContext.Builder builder(String network, Clock clock, String... urls) {
    return ChainContext.builder()
        .chainId(network)
        .endpoints(Stream.of(urls).map(RpcEndpoint::parse).toList())
        .rpcClients(List.of())
        .httpClient(HTTP)
        .clock(clock)
        .pollInterval(POLL);
  }
}
