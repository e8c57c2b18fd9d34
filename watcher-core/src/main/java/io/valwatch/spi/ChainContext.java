package io.valwatch.spi;

import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * What the core gives a plugin to open a chain with.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class ChainContext {
  private final String chainId;
  private final List<RpcEndpoint> endpoints;
  private final List<CometRpcClient> rpcClients;
  private final OkHttpClient httpClient;
  private final Clock clock;
  private final Duration pollInterval;
  private final Map<String, Object> options;
  private final int maxInFlight;

  private ChainContext(
      String chainId,
      List<RpcEndpoint> endpoints,
      List<CometRpcClient> rpcClients,
      OkHttpClient httpClient,
      Clock clock,
      Duration pollInterval,
      Map<String, Object> options,
      int maxInFlight) {
    endpoints = List.copyOf(endpoints);
    rpcClients = List.copyOf(rpcClients);
    options = Map.copyOf(options);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.chainId = chainId;
    this.endpoints = endpoints;
    this.rpcClients = rpcClients;
    this.httpClient = httpClient;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.options = options;
    this.maxInFlight = maxInFlight;
  }

  /** The chain id, as checked against the node's {@code /status}. */
  public String chainId() {
    return chainId;
  }

  /** The configured endpoint URLs, in configured order (redact them with {@link RpcEndpoint#redacted()}
   * before logging).
   */
  public List<RpcEndpoint> endpoints() {
    return endpoints;
  }

  /** A CometBFT RPC client per configured endpoint, in configured order. */
  public List<CometRpcClient> rpcClients() {
    return rpcClients;
  }

  /**
   * The shared HTTP client, for plugins that talk to other APIs. The watcher's own client speaks plain HTTP only
   * when none of its chains' URLs (RPC endpoints, plugin options) is {@code https}.
   */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** The watcher's clock. */
  public Clock clock() {
    return clock;
  }

  /** How often the chain is polled for new heights. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** The plugin's own settings from the chain's configuration. */
  public Map<String, Object> options() {
    return options;
  }

  /** The most block requests a block source may send ahead at once ({@code max_in_flight}). */
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ChainContext that
        && Objects.equals(chainId, that.chainId)
        && Objects.equals(endpoints, that.endpoints)
        && Objects.equals(rpcClients, that.rpcClients)
        && Objects.equals(httpClient, that.httpClient)
        && Objects.equals(clock, that.clock)
        && Objects.equals(pollInterval, that.pollInterval)
        && Objects.equals(options, that.options)
        && Objects.equals(maxInFlight, that.maxInFlight));
  }

  @Override
  public int hashCode() {
    return Objects.hash(chainId, endpoints, rpcClients, httpClient, clock, pollInterval, options, maxInFlight);
  }

  @Override
  public String toString() {
    return "ChainContext[chainId=" + chainId
        + ", endpoints=" + endpoints
        + ", rpcClients=" + rpcClients
        + ", httpClient=" + httpClient
        + ", clock=" + clock
        + ", pollInterval=" + pollInterval
        + ", options=" + options
        + ", maxInFlight=" + maxInFlight
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, one request in flight, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this ChainContext's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ChainContext}. */
  public static final class Builder {
    private String chainId;
    private List<RpcEndpoint> endpoints = List.of();
    private List<CometRpcClient> rpcClients = List.of();
    private OkHttpClient httpClient;
    private Clock clock;
    private Duration pollInterval;
    private Map<String, Object> options = Map.of();
    private int maxInFlight = 1;

    private Builder() {}

    private Builder(ChainContext source) {
      this.chainId = source.chainId;
      this.endpoints = source.endpoints;
      this.rpcClients = source.rpcClients;
      this.httpClient = source.httpClient;
      this.clock = source.clock;
      this.pollInterval = source.pollInterval;
      this.options = source.options;
      this.maxInFlight = source.maxInFlight;
    }

    /** Sets the chain id, as checked against the node's {@code /status}. */
    public Builder chainId(String chainId) {
      this.chainId = chainId;
      return this;
    }

    /** Sets the configured endpoint URLs, in configured order (redact them with {@link
     * RpcEndpoint#redacted()} before logging).
     */
    public Builder endpoints(List<RpcEndpoint> endpoints) {
      this.endpoints = endpoints;
      return this;
    }

    /** Sets a CometBFT RPC client per configured endpoint, in configured order. */
    public Builder rpcClients(List<CometRpcClient> rpcClients) {
      this.rpcClients = rpcClients;
      return this;
    }

    /** Sets the shared HTTP client, for plugins that talk to other APIs. */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** Sets the watcher's clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Sets how often the chain is polled for new heights. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** Sets the plugin's own settings from the chain's configuration. */
    public Builder options(Map<String, Object> options) {
      this.options = options;
      return this;
    }

    /** Sets the most block requests a block source may send ahead at once ({@code max_in_flight}). */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = maxInFlight;
      return this;
    }

    public ChainContext build() {
      return new ChainContext(
          chainId, endpoints, rpcClients, httpClient, clock, pollInterval, options, maxInFlight);
    }
  }
}
