package io.valwatch.exporter.metrics;

import static io.valwatch.exporter.metrics.Family.counter;
import static io.valwatch.exporter.metrics.Family.gauge;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.valwatch.exporter.metrics.Family.Source;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.SlashingParams;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskStatus;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.tracker.SigningStats;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Exposes the watcher's state as Prometheus metrics. Every scrape reads the current status of every chain
 * from the status supplier (normally {@code watcher::status}). A value the chain does not provide produces no
 * sample rather than a made-up zero. The validators' families, nearly all of the samples, are written by
 * {@link CachedExposition} from text kept per chain when the text formats are asked for.
 */
public final class WatcherCollector implements MultiCollector {
  private static final Unit TOKENS = new Unit("tokens");
  private static final double[] UPTIME_QUANTILES = {0.1, 0.5, 0.9};

  private static final List<Family<ChainStatus>> CHAIN_FAMILIES =
      List.of(
          gauge("valwatch_chain_height", "Last block height processed (blocks).", ChainStatus::latestHeight),
          counter(
              "valwatch_chain_blocks_processed_total",
              "Heights processed since the exporter started (blocks).",
              ChainStatus::blocksProcessed),
          counter(
              "valwatch_chain_gap_blocks_total",
              "Heights skipped because no endpoint could serve them (blocks).",
              ChainStatus::gapBlocks),
          gauge(
              "valwatch_chain_active_validators",
              "Validators in the set at the last processed height (validators).",
              ChainStatus::activeValidators),
          gauge(
              "valwatch_chain_tracked_validators",
              "Validators tracked on the chain: the listed ones, or those network mode chose (validators).",
              chain -> chain.validators().size()),
          gauge(
              "valwatch_chain_max_validators",
              "The staking module's max_validators parameter (validators).",
              ChainStatus::maxValidators),
          gauge(
              "valwatch_chain_seat_price_tokens",
              "Lowest stake among bonded validators (tokens, in the bond denom's base unit).",
              TOKENS,
              ChainStatus::seatPriceTokens),
          gauge(
              "valwatch_chain_signed_power_ratio",
              "Share of voting power that signed the last processed height (ratio 0-1).",
              Unit.RATIO,
              ChainStatus::signedPowerRatio),
          gauge(
              "valwatch_chain_block_interval_seconds",
              "Mean time between recent blocks (seconds).",
              Unit.SECONDS,
              ChainStatus::blockIntervalSeconds),
          gauge(
              "valwatch_slashing_signed_blocks_window",
              "The slashing module's signed_blocks_window parameter (blocks).",
              slashing(SlashingParams::signedBlocksWindow)),
          gauge(
              "valwatch_slashing_min_signed_per_window_ratio",
              "The slashing module's min_signed_per_window parameter (ratio 0-1).",
              Unit.RATIO,
              slashing(SlashingParams::minSignedPerWindow)),
          gauge(
              "valwatch_slashing_downtime_jail_duration_seconds",
              "The slashing module's downtime_jail_duration parameter (seconds).",
              Unit.SECONDS,
              slashing(p -> p.downtimeJailDuration().toMillis() / 1000.0)),
          gauge(
              "valwatch_liveness_window_blocks",
              "Window of the downtime rule that blocks-until-penalty follows (blocks).",
              liveness(LivenessRule::windowBlocks)),
          gauge(
              "valwatch_liveness_max_missed_blocks",
              "Misses the downtime rule tolerates in its window; one more is punished (blocks).",
              liveness(LivenessRule::maxMissedBlocks)),
          gauge(
              "valwatch_chain_processing",
              "1 when the watcher's last round of work on the chain ended without an unexpected failure (boolean).",
              c -> c.health().processing()),
          gauge(
              "valwatch_chain_persisting",
              "1 when the chain's state was last saved to the state directory, or none is configured (boolean).",
              c -> c.health().persisting()),
          gauge(
              "valwatch_chain_progressing",
              "1 when processable heights are being processed: caught up, or the cursor advanced in the last 2 min (boolean).",
              c -> c.health().progressing()),
          counter(
              "valwatch_chain_loop_failures_total",
              "Unexpected failures of the watcher's rounds of work on the chain, each retried with back-off (failures).",
              c -> c.health().loopFailures()),
          counter(
              "valwatch_chain_state_save_failures_total",
              "Failed saves of the chain's cursor and signing state to the state directory (failures).",
              c -> c.health().stateSaveFailures()));

  private static final List<Family<ValidatorStatus>> VALIDATOR_FAMILIES =
      List.of(
          counter(
              "valwatch_validator_signed_blocks_total",
              "Heights the validator precommitted the block (nil votes not included), since the exporter started (blocks).",
              signing(SigningStats::signedBlocks)),
          counter(
              "valwatch_validator_missed_blocks_total",
              "Heights the validator was in the set and did not sign, since the exporter started (blocks).",
              signing(SigningStats::missedBlocks)),
          counter(
              "valwatch_validator_nil_votes_total",
              "Heights the validator voted nil, since the exporter started (blocks).",
              signing(SigningStats::nilVotes)),
          counter(
              "valwatch_validator_proposed_blocks_total",
              "Heights the validator proposed, since the exporter started (blocks).",
              signing(SigningStats::proposedBlocks)),
          counter(
              "valwatch_validator_missed_proposals_total",
              "Heights the validator was due to propose in round 0 and a later round's block was committed, since the exporter started (blocks).",
              signing(SigningStats::missedProposals)),
          counter(
              "valwatch_validator_solo_missed_blocks_total",
              "Misses while the rest of the network signed, since the exporter started (blocks).",
              signing(SigningStats::soloMissedBlocks)),
          gauge(
              "valwatch_validator_consecutive_missed_blocks",
              "Current streak of missed heights; 0 after a signature (blocks).",
              signing(SigningStats::consecutiveMissedBlocks)),
          gauge(
              "valwatch_validator_window_missed_blocks",
              "Misses the watcher saw in its rolling window (blocks).",
              signing(SigningStats::windowMissedBlocks)),
          gauge(
              "valwatch_validator_uptime_ratio",
              "Share of the rolling window's heights the validator signed (ratio 0-1).",
              Unit.RATIO,
              signing(SigningStats::uptimeRatio)),
          gauge(
              "valwatch_validator_chain_missed_blocks",
              "Misses in the chain's own signing window, from the slashing module (blocks).",
              staking(StakingStatus::chainMissedBlocksCounter)),
          gauge(
              "valwatch_validator_blocks_until_penalty",
              "Misses the validator can still afford before the downtime penalty, the chain's counter plus the "
                  + "misses seen since it was read; 0: the next one is punished (blocks).",
              risk(RiskStatus::blocksUntilPenalty)),
          gauge(
              "valwatch_validator_blocks_until_jail",
              "Deprecated name of valwatch_validator_blocks_until_penalty, with the same samples (blocks).",
              risk(RiskStatus::blocksUntilPenalty)),
          gauge(
              "valwatch_validator_risk_level",
              "Liveness risk: 0 ok, 1 warning, 2 critical (level).",
              risk(r -> r.level().value())),
          gauge(
              "valwatch_validator_rank",
              "Rank among bonded validators by stake, 1 is the largest (position).",
              staking(StakingStatus::rank)),
          gauge(
              "valwatch_validator_tokens",
              "Stake bonded to the validator (tokens, in the bond denom's base unit).",
              TOKENS,
              staking(StakingStatus::tokens)),
          gauge(
              "valwatch_validator_voting_power",
              "CometBFT voting power (consensus power units).",
              staking(StakingStatus::votingPower)),
          gauge(
              "valwatch_validator_bonded",
              "1 when the validator is bonded, 0 when unbonding or unbonded (boolean).",
              staking(WatcherCollector::bonded)),
          gauge(
              "valwatch_validator_jailed",
              "1 when the validator is jailed, otherwise 0 (boolean).",
              staking(StakingStatus::jailed)),
          gauge(
              "valwatch_validator_tombstoned",
              "1 when the validator is tombstoned, otherwise 0 (boolean).",
              staking(StakingStatus::tombstoned)),
          gauge(
              "valwatch_validator_commission_ratio",
              "Commission rate (ratio 0-1).",
              Unit.RATIO,
              staking(StakingStatus::commissionRate)));

  private static final List<Family<EndpointStatus>> ENDPOINT_FAMILIES =
      List.of(
          gauge(
              "valwatch_endpoint_up",
              "1 when the endpoint's last status check succeeded on the right chain, otherwise 0 (boolean).",
              EndpointStatus::up),
          gauge(
              "valwatch_endpoint_height",
              "Latest height the endpoint reported (blocks).",
              EndpointStatus::height),
          gauge(
              "valwatch_endpoint_catching_up",
              "1 while the endpoint says it is still syncing, otherwise 0 (boolean).",
              EndpointStatus::catchingUp));

  private static final String STAKE_TOKENS = "valwatch_validator_stake_tokens";
  private static final String VALIDATOR_INFO = "valwatch_validator";
  private static final String TIME_TO_PENALTY = "valwatch_validator_time_to_penalty_seconds";
  private static final String TIME_TO_JAIL = "valwatch_validator_time_to_jail_seconds";

  /** The names (as the registry filters them: counters without {@code _total}) of the validators' families. */
  private static final Set<String> VALIDATOR_FAMILY_NAMES = validatorFamilyNames();

  private final Supplier<List<ChainStatus>> status;
  private final BuildInfo build;

  /**
   * @param status gives the current state of every chain; called once per scrape
   * @param build the exporter's version, commit and build time for {@code valwatch_build_info}
   */
  public WatcherCollector(Supplier<List<ChainStatus>> status, BuildInfo build) {
    this.status = Objects.requireNonNull(status, "status");
    this.build = Objects.requireNonNull(build, "build");
  }

  /** Every chain's samples, merged per metric family. */
  @Override
  public MetricSnapshots collect() {
    return collect(name -> true, null);
  }

  /**
   * Like {@link #collect()}, merging only the families whose names {@code includedNames} accepts. The
   * validators' samples, nearly all of them, are not even built when none of their families is included
   * ({@link CachedExposition} writes them from text it keeps per chain).
   */
  @Override
  public MetricSnapshots collect(Predicate<String> includedNames, PrometheusScrapeRequest request) {
    Predicate<String> included = includedNames == null ? name -> true : includedNames;
    boolean validatorsIncluded = VALIDATOR_FAMILY_NAMES.stream().anyMatch(included);
    Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
    for (ChainStatus chain : status.get()) {
      addIncluded(byName, chainSnapshots(chain), included);
      if (validatorsIncluded) {
        addIncluded(byName, validatorSnapshots(chain), included);
      }
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    MetricSnapshot info = buildInfo();
    if (included.test(info.getMetadata().getPrometheusName())) {
      snapshots.add(info);
    }
    byName.values().forEach(family -> snapshots.add(merged(family)));
    return new MetricSnapshots(snapshots);
  }

  /** The current status of every chain, as {@link #collect} reads it. */
  List<ChainStatus> chains() {
    return status.get();
  }

  /** Whether {@code name} (as the registry filters names) is one of the validators' families. */
  static boolean isValidatorFamily(String name) {
    return VALIDATOR_FAMILY_NAMES.contains(name);
  }

  private static Set<String> validatorFamilyNames() {
    Set<String> names = new HashSet<>();
    for (Family<ValidatorStatus> family : VALIDATOR_FAMILIES) {
      names.add(family.prometheusName());
    }
    names.addAll(List.of(STAKE_TOKENS, VALIDATOR_INFO, TIME_TO_PENALTY, TIME_TO_JAIL));
    return Set.copyOf(names);
  }

  private static void addIncluded(
      Map<String, List<MetricSnapshot>> byName, List<MetricSnapshot> snapshots, Predicate<String> included) {
    for (MetricSnapshot s : snapshots) {
      if (included.test(s.getMetadata().getPrometheusName())) {
        byName.computeIfAbsent(s.getMetadata().getName(), n -> new ArrayList<>()).add(s);
      }
    }
  }

  /** One family's snapshots of several chains as one. */
  @SuppressWarnings("unchecked")
  private static MetricSnapshot merged(List<MetricSnapshot> family) {
    if (family.size() == 1) {
      return family.get(0);
    }
    MetricSnapshot first = family.get(0);
    List<DataPointSnapshot> points = new ArrayList<>();
    family.forEach(s -> points.addAll(s.getDataPoints()));
    if (first instanceof GaugeSnapshot) {
      return new GaugeSnapshot(first.getMetadata(), (List<GaugeDataPointSnapshot>) (List<?>) points);
    }
    if (first instanceof CounterSnapshot) {
      return new CounterSnapshot(first.getMetadata(), (List<CounterDataPointSnapshot>) (List<?>) points);
    }
    return new InfoSnapshot(first.getMetadata(), (List<InfoDataPointSnapshot>) (List<?>) points);
  }

  private static List<MetricSnapshot> chainSnapshots(ChainStatus chain) {
    Labels chainLabels = Labels.of("chain_id", chain.chainId());
    List<Source<EndpointStatus>> endpointSources = new ArrayList<>();
    for (EndpointStatus endpoint : chain.endpoints()) {
      endpointSources.add(new Source<>(chainLabels.add("endpoint", endpoint.endpoint()), endpoint));
    }
    List<ChainStatus> chains = List.of(chain);
    List<MetricSnapshot> snapshots = new ArrayList<>();
    addAll(snapshots, CHAIN_FAMILIES, List.of(new Source<>(chainLabels, chain)));
    dataAvailable(chains).ifPresent(snapshots::add);
    networkUptime(chains).ifPresent(snapshots::add);
    alertsActive(chains).ifPresent(snapshots::add);
    addAll(snapshots, ENDPOINT_FAMILIES, endpointSources);
    if (!endpointSources.isEmpty()) {
      snapshots.add(endpointRequests(endpointSources));
    }
    return snapshots;
  }

  /** The samples of one chain's validators, one snapshot per family that has any. */
  static List<MetricSnapshot> validatorSnapshots(ChainStatus chain) {
    List<Source<ValidatorStatus>> validatorSources = new ArrayList<>();
    for (ValidatorStatus validator : chain.validators()) {
      validatorSources.add(new Source<>(validatorLabels(chain, validator), validator));
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    addAll(snapshots, VALIDATOR_FAMILIES, validatorSources);
    stakeByDenom(validatorSources).ifPresent(snapshots::add);
    if (!validatorSources.isEmpty()) {
      snapshots.add(validatorInfo(validatorSources));
    }
    timeToPenalty(
            TIME_TO_PENALTY,
            "Projected time to the downtime penalty if the validator keeps missing at its recent rate, or signs "
                + "nothing from now on (seconds).",
            validatorSources)
        .ifPresent(snapshots::add);
    timeToPenalty(
            TIME_TO_JAIL,
            "Deprecated name of valwatch_validator_time_to_penalty_seconds, with the same samples (seconds).",
            validatorSources)
        .ifPresent(snapshots::add);
    return snapshots;
  }

  static <T> void addAll(List<MetricSnapshot> out, List<Family<T>> families, List<Source<T>> sources) {
    for (Family<T> family : families) {
      family.snapshot(sources).ifPresent(out::add);
    }
  }

  private static Labels validatorLabels(ChainStatus chain, ValidatorStatus validator) {
    String moniker = validator.staking().flatMap(StakingStatus::moniker).orElse("");
    return Labels.of(
        "chain_id", chain.chainId(),
        "validator", validator.displayAddress(),
        "moniker", moniker,
        "label", validator.label());
  }

  private MetricSnapshot buildInfo() {
    return InfoSnapshot.builder()
        .name("valwatch_build")
        .help("The exporter's version, git commit and build time; the value is always 1.")
        .dataPoint(
            InfoDataPointSnapshot.builder()
                .labels(
                    Labels.of(
                        "version", build.version(),
                        "commit", build.commit(),
                        "build_time", build.buildTime()))
                .build())
        .build();
  }

  private static MetricSnapshot validatorInfo(List<Source<ValidatorStatus>> validators) {
    InfoSnapshot.Builder info =
        InfoSnapshot.builder()
            .name(VALIDATOR_INFO)
            .help("Identity of a tracked validator; the value is always 1. consensus_address is empty until resolved.");
    for (Source<ValidatorStatus> v : validators) {
      String consensus = v.status().consensusAddressHex().orElse(null);
      info.dataPoint(
          InfoDataPointSnapshot.builder()
              .labels(
                  v.labels()
                      .add("identity", v.status().identity())
                      .add("consensus_address", consensus == null ? "" : consensus))
              .build());
    }
    return info.build();
  }

  /**
   * Which kinds of chain data the watcher has, so that a chain without them (a consumer chain tracked by
   * consensus address alone, say) reads as "unavailable" rather than as missing samples or zeros. Judged once
   * the chain has a processed height: the first staking read comes before the first block.
   */
  private static Optional<MetricSnapshot> dataAvailable(List<ChainStatus> chains) {
    GaugeSnapshot.Builder available =
        GaugeSnapshot.builder()
            .name("valwatch_chain_data_available")
            .help("1 when the watcher has this kind of chain data (staking, slashing, liveness_rule), 0 when the"
                + " chain or its plugin does not provide it (boolean).");
    boolean any = false;
    for (ChainStatus chain : chains) {
      if (chain.latestHeight().isEmpty()) {
        continue;
      }
      any = true;
      boolean staking =
          chain.maxValidators().isPresent()
              || chain.seatPriceTokens().isPresent()
              || chain.validators().stream().anyMatch(v -> v.staking().isPresent());
      availability(available, chain, "staking", staking);
      availability(available, chain, "slashing", chain.slashingParams().isPresent());
      availability(available, chain, "liveness_rule", chain.livenessRule().isPresent());
    }
    return any ? Optional.of(available.build()) : Optional.empty();
  }

  private static void availability(GaugeSnapshot.Builder gauge, ChainStatus chain, String data, boolean available) {
    gauge.dataPoint(
        GaugeDataPointSnapshot.builder()
            .labels(Labels.of("chain_id", chain.chainId(), "data", data))
            .value(available ? 1 : 0)
            .build());
  }

  /** Unweighted stake per bond denom, for chains that bond several (one sample on chains with one). */
  private static Optional<MetricSnapshot> stakeByDenom(List<Source<ValidatorStatus>> validators) {
    GaugeSnapshot.Builder stake =
        GaugeSnapshot.builder()
            .name(STAKE_TOKENS)
            .help("Stake bonded to the validator in one denom, unweighted (tokens, in the denom's base unit).")
            .unit(TOKENS);
    boolean any = false;
    for (Source<ValidatorStatus> v : validators) {
      StakingStatus staking = v.status().staking().orElse(null);
      if (staking == null) {
        continue;
      }
      for (Map.Entry<String, BigInteger> e : new TreeMap<>(staking.tokensByDenom()).entrySet()) {
        any = true;
        stake.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(v.labels().add("denom", e.getKey()))
                .value(e.getValue().doubleValue())
                .build());
      }
    }
    return any ? Optional.of(stake.build()) : Optional.empty();
  }

  /**
   * Quantiles of the uptime of every validator in the set, tracked or not, computed at scrape time so a
   * tracked validator can be placed against the network.
   */
  private static Optional<MetricSnapshot> networkUptime(List<ChainStatus> chains) {
    GaugeSnapshot.Builder uptime =
        GaugeSnapshot.builder()
            .name("valwatch_chain_validator_uptime_ratio")
            .help("Quantiles of the rolling-window uptime of every validator in the set (ratio 0-1).")
            .unit(Unit.RATIO);
    boolean any = false;
    for (ChainStatus chain : chains) {
      List<Double> sorted = chain.activeValidatorUptimeRatios().stream().sorted().toList();
      if (sorted.isEmpty()) {
        continue;
      }
      any = true;
      for (double q : UPTIME_QUANTILES) {
        uptime.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(Labels.of("chain_id", chain.chainId(), "quantile", Double.toString(q)))
                .value(quantile(sorted, q))
                .build());
      }
    }
    return any ? Optional.of(uptime.build()) : Optional.empty();
  }

  /** The {@code q} quantile of ascending values, interpolated between the nearest two as PromQL does. */
  private static double quantile(List<Double> sorted, double q) {
    double rank = q * (sorted.size() - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.size() - 1);
    double weight = rank - below;
    return sorted.get(below) * (1 - weight) + sorted.get(above) * weight;
  }

  /** Projected time to the downtime penalty, at the validator's recent miss rate and fully offline. */
  private static Optional<MetricSnapshot> timeToPenalty(
      String name, String help, List<Source<ValidatorStatus>> validators) {
    GaugeSnapshot.Builder time = GaugeSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
    boolean any = false;
    for (Source<ValidatorStatus> v : validators) {
      RiskStatus risk = v.status().knownRisk().orElse(RiskStatus.UNKNOWN);
      any |= pace(time, v.labels(), "current_rate", risk.projectedSecondsToPenaltyAtCurrentRate());
      any |= pace(time, v.labels(), "fully_offline", risk.projectedSecondsToPenaltyFullyOffline());
    }
    return any ? Optional.of(time.build()) : Optional.empty();
  }

  private static boolean pace(GaugeSnapshot.Builder time, Labels labels, String pace, OptionalDouble seconds) {
    if (seconds.isEmpty()) {
      return false;
    }
    time.dataPoint(
        GaugeDataPointSnapshot.builder().labels(labels.add("pace", pace)).value(seconds.getAsDouble()).build());
    return true;
  }

  /** Alerts firing now, counted per chain, severity and kind (proposal and plan ids left out). */
  private static Optional<MetricSnapshot> alertsActive(List<ChainStatus> chains) {
    GaugeSnapshot.Builder active =
        GaugeSnapshot.builder()
            .name("valwatch_alerts_active")
            .help("Alerts firing now, by severity and kind (alerts).");
    boolean any = false;
    for (ChainStatus chain : chains) {
      Map<Labels, Long> counts =
          chain.activeAlerts().stream()
              .collect(
                  Collectors.groupingBy(
                      a ->
                          Labels.of(
                              "chain_id", chain.chainId(),
                              "severity", a.severity().name().toLowerCase(Locale.ROOT),
                              "kind", AlertKinds.family(a.key().kind())),
                      LinkedHashMap::new,
                      Collectors.counting()));
      for (Map.Entry<Labels, Long> e : counts.entrySet()) {
        any = true;
        active.dataPoint(GaugeDataPointSnapshot.builder().labels(e.getKey()).value(e.getValue()).build());
      }
    }
    return any ? Optional.of(active.build()) : Optional.empty();
  }

  private static MetricSnapshot endpointRequests(List<Source<EndpointStatus>> endpoints) {
    CounterSnapshot.Builder requests =
        CounterSnapshot.builder()
            .name("valwatch_endpoint_requests")
            .help("Requests sent to the endpoint since the exporter started, by outcome (requests).");
    for (Source<EndpointStatus> e : endpoints) {
      for (RequestOutcome outcome : RequestOutcome.values()) {
        requests.dataPoint(
            CounterDataPointSnapshot.builder()
                .labels(e.labels().add("outcome", outcome.name().toLowerCase(Locale.ROOT)))
                .value(e.status().requests().getOrDefault(outcome, 0L))
                .build());
      }
    }
    return requests.build();
  }

  static Boolean bonded(StakingStatus staking) {
    if (staking.bondStatus() == null || staking.bondStatus() == BondStatus.UNKNOWN) {
      return null;
    }
    return staking.bondStatus() == BondStatus.BONDED;
  }

  static Function<ChainStatus, Object> slashing(Function<SlashingParams, Object> value) {
    return chain -> chain.slashingParams().map(value).orElse(null);
  }

  private static Function<ChainStatus, Object> liveness(Function<LivenessRule, Object> value) {
    return chain -> chain.livenessRule().map(value).orElse(null);
  }

  static Function<ValidatorStatus, Object> signing(Function<SigningStats, Object> value) {
    return validator -> validator.knownSigning().map(value).orElse(null);
  }

  private static Function<ValidatorStatus, Object> risk(Function<RiskStatus, Object> value) {
    return validator -> validator.knownRisk().map(value).orElse(null);
  }

  static Function<ValidatorStatus, Object> staking(Function<StakingStatus, Object> value) {
    return validator -> validator.staking().map(value).orElse(null);
  }
}
