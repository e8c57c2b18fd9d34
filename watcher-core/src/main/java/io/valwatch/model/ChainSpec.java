package io.valwatch.model;

import io.valwatch.risk.RiskSettings;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to watch on one chain and how. Build one with {@link #builder(String)}.
 */
public final class ChainSpec {
  private final String chainId;
  private final Optional<String> pluginId;
  private final List<RpcEndpoint> endpoints;
  private final List<TrackedValidator> validators;
  private final Duration pollInterval;
  private final Duration stakingRefreshInterval;
  private final Duration endpointCheckInterval;
  private final long backfillLimit;
  private final OptionalLong startHeight;
  private final double soloMissThreshold;
  private final boolean websocket;
  private final Map<String, Object> pluginOptions;
  private final RiskSettings risk;
  private final Duration governanceRefreshInterval;
  private final Optional<NetworkMode> network;
  private final Optional<DisplayUnit> displayUnit;
  private final int maxInFlight;

  private ChainSpec(
      String chainId,
      Optional<String> pluginId,
      List<RpcEndpoint> endpoints,
      List<TrackedValidator> validators,
      Duration pollInterval,
      Duration stakingRefreshInterval,
      Duration endpointCheckInterval,
      long backfillLimit,
      OptionalLong startHeight,
      double soloMissThreshold,
      boolean websocket,
      Map<String, Object> pluginOptions,
      RiskSettings risk,
      Duration governanceRefreshInterval,
      Optional<NetworkMode> network,
      Optional<DisplayUnit> displayUnit,
      int maxInFlight) {
    Objects.requireNonNull(chainId, "chainId");
    if (chainId.isBlank()) {
      throw new IllegalArgumentException("chain id is empty");
    }
    Objects.requireNonNull(pluginId, "pluginId");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("chain " + chainId + " has no RPC endpoint");
    }
    validators = List.copyOf(validators);
    requirePositive(chainId, "pollInterval", pollInterval);
    requirePositive(chainId, "stakingRefreshInterval", stakingRefreshInterval);
    requirePositive(chainId, "endpointCheckInterval", endpointCheckInterval);
    if (backfillLimit < 0) {
      throw new IllegalArgumentException("chain " + chainId + ": backfillLimit must be >= 0");
    }
    if (startHeight.isPresent() && startHeight.getAsLong() < 1) {
      throw new IllegalArgumentException(
          "chain " + chainId + ": startHeight must be at least 1, got " + startHeight.getAsLong());
    }
    if (!(soloMissThreshold > 0 && soloMissThreshold <= 1)) {
      throw new IllegalArgumentException(
          "chain " + chainId + ": soloMissThreshold must be in (0, 1], got " + soloMissThreshold);
    }
    pluginOptions = Map.copyOf(pluginOptions);
    Objects.requireNonNull(risk, "risk");
    requirePositive(chainId, "governanceRefreshInterval", governanceRefreshInterval);
    Objects.requireNonNull(network, "network");
    if (network.isPresent() && !validators.isEmpty()) {
      throw new IllegalArgumentException(
          "chain " + chainId + ": track either listed validators or every validator (network mode), not both");
    }
    Objects.requireNonNull(displayUnit, "displayUnit");
    if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
      throw new IllegalArgumentException(
          "chain " + chainId + ": maxInFlight must be in 1.." + MAX_IN_FLIGHT_LIMIT + ", got " + maxInFlight);
    }
    this.chainId = chainId;
    this.pluginId = pluginId;
    this.endpoints = endpoints;
    this.validators = validators;
    this.pollInterval = pollInterval;
    this.stakingRefreshInterval = stakingRefreshInterval;
    this.endpointCheckInterval = endpointCheckInterval;
    this.backfillLimit = backfillLimit;
    this.startHeight = startHeight;
    this.soloMissThreshold = soloMissThreshold;
    this.websocket = websocket;
    this.pluginOptions = pluginOptions;
    this.risk = risk;
    this.governanceRefreshInterval = governanceRefreshInterval;
    this.network = network;
    this.displayUnit = displayUnit;
    this.maxInFlight = maxInFlight;
  }

  /** The chain id; every endpoint's {@code /status} must report it. */
  public String chainId() {
    return chainId;
  }

  /** The chain plugin that reads staking and slashing data; empty to detect it from the chain's answers. */
  public Optional<String> pluginId() {
    return pluginId;
  }

  /** CometBFT RPC endpoints, tried in this order. */
  public List<RpcEndpoint> endpoints() {
    return endpoints;
  }

  /** The validators to track; empty in network mode. */
  public List<TrackedValidator> validators() {
    return validators;
  }

  /** How often to poll for new blocks when no websocket subscription is live. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How often to re-read staking and slashing data. */
  public Duration stakingRefreshInterval() {
    return stakingRefreshInterval;
  }

  /** How often to check each endpoint's {@code /status}. */
  public Duration endpointCheckInterval() {
    return endpointCheckInterval;
  }

  /** The most heights to catch up on after a restart or an outage; older ones are a gap. */
  public long backfillLimit() {
    return backfillLimit;
  }

  /** The height to start from on a first start; empty to start at the latest height. */
  public OptionalLong startHeight() {
    return startHeight;
  }

  /** A miss is "solo" when at least this share of the other validators' power signed. */
  public double soloMissThreshold() {
    return soloMissThreshold;
  }

  /** Whether to subscribe to new blocks over the websocket. */
  public boolean websocket() {
    return websocket;
  }

  /** Settings passed to the plugin. */
  public Map<String, Object> pluginOptions() {
    return pluginOptions;
  }

  /** The thresholds of the chain's risk levels and alerts. */
  public RiskSettings risk() {
    return risk;
  }

  /** How often to read proposals in their voting period and the scheduled upgrade. */
  public Duration governanceRefreshInterval() {
    return governanceRefreshInterval;
  }

  /** Track every validator of the set (network mode) instead of {@code validators}; empty to track the listed
   * ones.
   */
  public Optional<NetworkMode> network() {
    return network;
  }

  /** How amounts are shown to people; empty to use the one the chain's plugin reports. */
  public Optional<DisplayUnit> displayUnit() {
    return displayUnit;
  }

  /** The most block requests sent ahead at once while catching up, spread over the healthy endpoints; 1 asks
   * for one block at a time.
   */
  public int maxInFlight() {
    return maxInFlight;
  }


  /** Whether every validator of the set is tracked rather than a list. */
  public boolean networkMode() {
    return network.isPresent();
  }

  /** The default of {@link #maxInFlight()}: see the configuration reference for why. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;
  /** The largest {@link #maxInFlight()} accepted. */
  public static final int MAX_IN_FLIGHT_LIMIT = 64;

  private static void requirePositive(String chainId, String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("chain " + chainId + ": " + name + " must be positive, got " + d);
    }
  }

  /** A builder with sensible defaults for a chain. */
  public static Builder builder(String chainId) {
    return new Builder(chainId);
  }

  /** A builder holding this spec's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a {@link ChainSpec}. Defaults: the plugin is detected, websocket on, a 90 % solo threshold, 2 s
   * polls, a 60 s staking refresh, 15 s endpoint checks, a backfill of up to 10,000 heights, a 5 min
   * governance refresh, {@value #DEFAULT_MAX_IN_FLIGHT} block requests in flight, and {@link
   * RiskSettings#defaults()}.
   */
  public static final class Builder {
    private final String chainId;
    private Optional<String> pluginId = Optional.empty();
    private final List<RpcEndpoint> endpoints = new ArrayList<>();
    private final List<TrackedValidator> validators = new ArrayList<>();
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration stakingRefreshInterval = Duration.ofSeconds(60);
    private Duration endpointCheckInterval = Duration.ofSeconds(15);
    private long backfillLimit = 10_000;
    private OptionalLong startHeight = OptionalLong.empty();
    private double soloMissThreshold = 0.9;
    private boolean websocket = true;
    private final Map<String, Object> pluginOptions = new LinkedHashMap<>();
    private RiskSettings risk = RiskSettings.defaults();
    private Duration governanceRefreshInterval = Duration.ofMinutes(5);
    private Optional<NetworkMode> network = Optional.empty();
    private Optional<DisplayUnit> displayUnit = Optional.empty();
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

    private Builder(String chainId) {
      this.chainId = chainId;
    }

    private Builder(ChainSpec source) {
      this.chainId = source.chainId;
      this.pluginId = source.pluginId;
      this.endpoints.addAll(source.endpoints);
      this.validators.addAll(source.validators);
      this.pollInterval = source.pollInterval;
      this.stakingRefreshInterval = source.stakingRefreshInterval;
      this.endpointCheckInterval = source.endpointCheckInterval;
      this.backfillLimit = source.backfillLimit;
      this.startHeight = source.startHeight;
      this.soloMissThreshold = source.soloMissThreshold;
      this.websocket = source.websocket;
      this.pluginOptions.putAll(source.pluginOptions);
      this.risk = source.risk;
      this.governanceRefreshInterval = source.governanceRefreshInterval;
      this.network = source.network;
      this.displayUnit = source.displayUnit;
      this.maxInFlight = source.maxInFlight;
    }

    /** The plugin by id, such as {@code cosmos-sdk}; without it the plugin is detected. */
    public Builder plugin(String pluginId) {
      this.pluginId = Optional.of(pluginId);
      return this;
    }

    /** Adds an RPC endpoint; the URL may carry credentials, which are never logged. */
    public Builder rpcEndpoint(String url) {
      endpoints.add(RpcEndpoint.parse(url));
      return this;
    }

    /**
     * Adds an RPC endpoint shown as {@code name} in logs, metrics, status and alerts instead of its URL.
     *
     * @see RpcEndpoint#named(String)
     */
    public Builder rpcEndpoint(String url, String name) {
      endpoints.add(RpcEndpoint.parse(url).named(name));
      return this;
    }

    /**
     * Adds an RPC endpoint built with {@link RpcEndpoint#parse}, {@link RpcEndpoint#named} and {@link
     * RpcEndpoint#withSecretPathSegments}.
     */
    public Builder rpcEndpoint(RpcEndpoint endpoint) {
      endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    public Builder track(String identity) {
      validators.add(TrackedValidator.of(identity));
      return this;
    }

    public Builder track(String identity, String label) {
      validators.add(new TrackedValidator(identity, label));
      return this;
    }

    /** Tracks every validator of the set, up to {@link NetworkMode#DEFAULT_MAX_TRACKED}. */
    public Builder trackAll() {
      return trackAll(NetworkMode.all());
    }

    /** Tracks the validators of the set that pass the mode's filters, up to its cap. */
    public Builder trackAll(NetworkMode mode) {
      this.network = Optional.of(mode);
      return this;
    }

    /** Shows amounts as {@code denom}, worth 10^{@code exponent} base units. */
    public Builder displayUnit(String denom, int exponent) {
      this.displayUnit = Optional.of(new DisplayUnit(denom, exponent));
      return this;
    }

    public Builder pollInterval(Duration d) {
      this.pollInterval = d;
      return this;
    }

    public Builder stakingRefreshInterval(Duration d) {
      this.stakingRefreshInterval = d;
      return this;
    }

    public Builder endpointCheckInterval(Duration d) {
      this.endpointCheckInterval = d;
      return this;
    }

    public Builder backfillLimit(long blocks) {
      this.backfillLimit = blocks;
      return this;
    }

    public Builder startHeight(long height) {
      this.startHeight = OptionalLong.of(height);
      return this;
    }

    public Builder soloMissThreshold(double share) {
      this.soloMissThreshold = share;
      return this;
    }

    public Builder websocket(boolean enabled) {
      this.websocket = enabled;
      return this;
    }

    public Builder pluginOption(String key, Object value) {
      pluginOptions.put(key, value);
      return this;
    }

    /** The thresholds of the risk levels and alerts; {@link RiskSettings#defaults()} when not set. */
    public Builder risk(RiskSettings settings) {
      this.risk = settings;
      return this;
    }

    public Builder governanceRefreshInterval(Duration d) {
      this.governanceRefreshInterval = d;
      return this;
    }

    /** The most block requests sent ahead at once while catching up, from 1 to {@value #MAX_IN_FLIGHT_LIMIT}. */
    public Builder maxInFlight(int requests) {
      this.maxInFlight = requests;
      return this;
    }

    public ChainSpec build() {
      return new ChainSpec(
          chainId,
          pluginId,
          endpoints,
          validators,
          pollInterval,
          stakingRefreshInterval,
          endpointCheckInterval,
          backfillLimit,
          startHeight,
          soloMissThreshold,
          websocket,
          pluginOptions,
          risk,
          governanceRefreshInterval,
          network,
          displayUnit,
          maxInFlight);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ChainSpec that
        && Objects.equals(chainId, that.chainId)
        && Objects.equals(pluginId, that.pluginId)
        && Objects.equals(endpoints, that.endpoints)
        && Objects.equals(validators, that.validators)
        && Objects.equals(pollInterval, that.pollInterval)
        && Objects.equals(stakingRefreshInterval, that.stakingRefreshInterval)
        && Objects.equals(endpointCheckInterval, that.endpointCheckInterval)
        && Objects.equals(backfillLimit, that.backfillLimit)
        && Objects.equals(startHeight, that.startHeight)
        && Objects.equals(soloMissThreshold, that.soloMissThreshold)
        && Objects.equals(websocket, that.websocket)
        && Objects.equals(pluginOptions, that.pluginOptions)
        && Objects.equals(risk, that.risk)
        && Objects.equals(governanceRefreshInterval, that.governanceRefreshInterval)
        && Objects.equals(network, that.network)
        && Objects.equals(displayUnit, that.displayUnit)
        && Objects.equals(maxInFlight, that.maxInFlight));
  }

  @Override
  public int hashCode() {
    return Objects.hash(chainId, pluginId, endpoints, validators, pollInterval, stakingRefreshInterval, endpointCheckInterval, backfillLimit, startHeight, soloMissThreshold, websocket, pluginOptions, risk, governanceRefreshInterval, network, displayUnit, maxInFlight);
  }

  @Override
  public String toString() {
    return "ChainSpec[chainId=" + chainId
        + ", pluginId=" + pluginId
        + ", endpoints=" + endpoints
        + ", validators=" + validators
        + ", pollInterval=" + pollInterval
        + ", stakingRefreshInterval=" + stakingRefreshInterval
        + ", endpointCheckInterval=" + endpointCheckInterval
        + ", backfillLimit=" + backfillLimit
        + ", startHeight=" + startHeight
        + ", soloMissThreshold=" + soloMissThreshold
        + ", websocket=" + websocket
        + ", pluginOptions=" + pluginOptions
        + ", risk=" + risk
        + ", governanceRefreshInterval=" + governanceRefreshInterval
        + ", network=" + network
        + ", displayUnit=" + displayUnit
        + ", maxInFlight=" + maxInFlight
        + "]";
  }
}
