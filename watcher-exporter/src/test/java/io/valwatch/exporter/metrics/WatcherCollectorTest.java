package io.valwatch.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.SlashingParams;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WatcherCollectorTest {
  private static final String OPERATOR = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";
  private static final String CONSENSUS_HEX = "1D6C5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10";
  private static final String VALIDATOR_LABELS =
      "chain_id=\"cosmoshub-4\",label=\"main\",moniker=\"Example Node\",validator=\"" + OPERATOR + "\"";

  private final AtomicReference<List<ChainStatus>> status = new AtomicReference<>(List.of());
  private final PrometheusRegistry registry = new PrometheusRegistry();

  WatcherCollectorTest() {
    registry.register(new WatcherCollector(status::get, new BuildInfo("1.2.3", "0123456789ab", "2026-12-04T16:56:25Z")));
  }

  private static SlashingParams slashingParams() {
    return new SlashingParams(
        10_000, new BigDecimal("0.05"), Duration.ofMinutes(10), new BigDecimal("0.05"), new BigDecimal("0.0001"));
  }

  private static StakingStatus fullStaking() {
    return StakingStatus.builder()
        .operatorAddress(OPERATOR)
        .moniker("Example Node")
        .tokens(new BigInteger("1500000000000"))
        .votingPower(1_500_000L)
        .rank(12)
        .bondStatus(BondStatus.BONDED)
        .jailed(false)
        .tombstoned(false)
        .jailedUntil(Instant.EPOCH)
        .commissionRate(new BigDecimal("0.05"))
        .chainMissedBlocksCounter(7L)
        .chainBlocksUntilPenalty(9_493L)
        .tokensByDenom(Map.of("uatom", new BigInteger("1500000000000")))
        .build();
  }

  static ChainStatus fullChain() {
    SlashingParams slashing = slashingParams();
    ValidatorStatus validator =
        ValidatorStatus.builder()
            .identity(OPERATOR)
            .label("main")
            .consensusAddressHex(CONSENSUS_HEX)
            .signing(new SigningStats(95, 5, 2, 3, 1, 0, 4, 80, 2))
            .staking(fullStaking())
            .risk(new RiskStatus(RiskLevel.WARNING, OptionalLong.of(9_490L), 3,
                    OptionalDouble.of(0.05), OptionalDouble.of(1_186_375.0),
                    OptionalDouble.of(59_318.75), List.of("test")))
            .recentBlocks(RecentBlocks.NONE)
            .build();
    EndpointStatus endpoint =
        EndpointStatus.builder()
            .endpoint("https://rpc.cosmos.example")
            .up(true)
            .height(1_000L)
            .catchingUp(false)
            .requests(Map.of(RequestOutcome.SUCCESS, 120L, RequestOutcome.NETWORK_ERROR, 2L))
            .build();
    return ChainStatus.builder()
        .chainId("cosmoshub-4")
        .pluginId("cosmos-sdk")
        .latestHeight(1_000L)
        .blocksProcessed(100)
        .gapBlocks(3)
        .activeValidators(180)
        .blockIntervalSeconds(6.25)
        .signedPowerRatio(0.985)
        .activeValidatorUptimeRatios(List.of(1.0, 0.75, 0.5, 1.0, 0.0, 1.0, 0.25, 0.75, 1.0, 0.5, 1.0))
        .seatPriceTokens(new BigInteger("250000000000"))
        .maxValidators(180)
        .slashingParams(slashing)
        .livenessRule(slashing.livenessRule())
        .validators(List.of(validator))
        .endpoints(List.of(endpoint))
        .activeAlerts(List.of(
            alert(AlertKinds.JAIL_IMMINENT, Severity.WARNING),
            alert("governance_vote_missing_7", Severity.INFO),
            alert("governance_vote_missing_8", Severity.INFO)))
        .build();
  }

  private static Alert alert(String kind, Severity severity) {
    return new Alert(
        new AlertKey("cosmoshub-4", OPERATOR, kind), severity, Alert.State.FIRING, kind, "", Instant.EPOCH, Map.of());
  }

  private String scrapeText() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private String scrapeOpenMetrics() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> sampleNames(String exposition) {
    List<String> names = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String name = line.split("[{ ]", 2)[0];
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  @Test
  void exposesEveryMetricWithItsContractName() throws IOException {
    status.set(List.of(fullChain()));

    assertThat(sampleNames(scrapeText()))
        .containsExactlyInAnyOrder(
            "valwatch_build_info",
            "valwatch_chain_height",
            "valwatch_chain_blocks_processed_total",
            "valwatch_chain_processing",
            "valwatch_chain_persisting",
            "valwatch_chain_progressing",
            "valwatch_chain_loop_failures_total",
            "valwatch_chain_state_save_failures_total",
            "valwatch_chain_gap_blocks_total",
            "valwatch_chain_active_validators",
            "valwatch_chain_tracked_validators",
            "valwatch_chain_max_validators",
            "valwatch_chain_seat_price_tokens",
            "valwatch_chain_signed_power_ratio",
            "valwatch_chain_block_interval_seconds",
            "valwatch_chain_validator_uptime_ratio",
            "valwatch_chain_data_available",
            "valwatch_slashing_signed_blocks_window",
            "valwatch_slashing_min_signed_per_window_ratio",
            "valwatch_slashing_downtime_jail_duration_seconds",
            "valwatch_liveness_window_blocks",
            "valwatch_liveness_max_missed_blocks",
            "valwatch_validator_signed_blocks_total",
            "valwatch_validator_missed_blocks_total",
            "valwatch_validator_nil_votes_total",
            "valwatch_validator_proposed_blocks_total",
            "valwatch_validator_missed_proposals_total",
            "valwatch_validator_solo_missed_blocks_total",
            "valwatch_validator_consecutive_missed_blocks",
            "valwatch_validator_window_missed_blocks",
            "valwatch_validator_uptime_ratio",
            "valwatch_validator_chain_missed_blocks",
            "valwatch_validator_blocks_until_penalty",
            "valwatch_validator_blocks_until_jail",
            "valwatch_validator_rank",
            "valwatch_validator_tokens",
            "valwatch_validator_stake_tokens",
            "valwatch_validator_voting_power",
            "valwatch_validator_bonded",
            "valwatch_validator_jailed",
            "valwatch_validator_tombstoned",
            "valwatch_validator_commission_ratio",
            "valwatch_validator_risk_level",
            "valwatch_validator_time_to_penalty_seconds",
            "valwatch_validator_time_to_jail_seconds",
            "valwatch_alerts_active",
            "valwatch_validator_info",
            "valwatch_endpoint_up",
            "valwatch_endpoint_height",
            "valwatch_endpoint_catching_up",
            "valwatch_endpoint_requests_total");
  }

  @Test
  void writesValuesAndLabels() throws IOException {
    status.set(List.of(fullChain()));

    String text = scrapeText();

    assertThat(text)
        .contains(
            "valwatch_build_info{build_time=\"2026-12-04T16:56:25Z\",commit=\"0123456789ab\",version=\"1.2.3\"} 1\n")
        .contains("# TYPE valwatch_chain_height gauge\n")
        .contains("valwatch_chain_height{chain_id=\"cosmoshub-4\"} 1000.0\n")
        .contains("# TYPE valwatch_chain_blocks_processed_total counter\n")
        .contains("valwatch_chain_blocks_processed_total{chain_id=\"cosmoshub-4\"} 100.0\n")
        .contains("valwatch_chain_gap_blocks_total{chain_id=\"cosmoshub-4\"} 3.0\n")
        .contains("valwatch_chain_seat_price_tokens{chain_id=\"cosmoshub-4\"} 2.5E11\n")
        .contains("valwatch_chain_signed_power_ratio{chain_id=\"cosmoshub-4\"} 0.985\n")
        .contains("valwatch_chain_block_interval_seconds{chain_id=\"cosmoshub-4\"} 6.25\n")
        .contains("valwatch_chain_validator_uptime_ratio{chain_id=\"cosmoshub-4\",quantile=\"0.1\"} 0.25\n")
        .contains("valwatch_chain_validator_uptime_ratio{chain_id=\"cosmoshub-4\",quantile=\"0.5\"} 0.75\n")
        .contains("valwatch_chain_validator_uptime_ratio{chain_id=\"cosmoshub-4\",quantile=\"0.9\"} 1.0\n")
        .contains("valwatch_slashing_signed_blocks_window{chain_id=\"cosmoshub-4\"} 10000.0\n")
        .contains("valwatch_slashing_min_signed_per_window_ratio{chain_id=\"cosmoshub-4\"} 0.05\n")
        .contains("valwatch_slashing_downtime_jail_duration_seconds{chain_id=\"cosmoshub-4\"} 600.0\n")
        .contains("valwatch_liveness_max_missed_blocks{chain_id=\"cosmoshub-4\"} 9500.0\n")
        .contains("valwatch_validator_signed_blocks_total{" + VALIDATOR_LABELS + "} 95.0\n")
        .contains("valwatch_validator_missed_blocks_total{" + VALIDATOR_LABELS + "} 5.0\n")
        .contains("valwatch_validator_nil_votes_total{" + VALIDATOR_LABELS + "} 2.0\n")
        .contains("valwatch_validator_proposed_blocks_total{" + VALIDATOR_LABELS + "} 3.0\n")
        .contains("valwatch_validator_missed_proposals_total{" + VALIDATOR_LABELS + "} 2.0\n")
        .contains("valwatch_validator_solo_missed_blocks_total{" + VALIDATOR_LABELS + "} 1.0\n")
        .contains("valwatch_validator_consecutive_missed_blocks{" + VALIDATOR_LABELS + "} 0.0\n")
        .contains("valwatch_validator_window_missed_blocks{" + VALIDATOR_LABELS + "} 4.0\n")
        .contains("valwatch_validator_uptime_ratio{" + VALIDATOR_LABELS + "} 0.95\n")
        .contains("valwatch_validator_chain_missed_blocks{" + VALIDATOR_LABELS + "} 7.0\n")
        .contains("valwatch_validator_blocks_until_penalty{" + VALIDATOR_LABELS + "} 9490.0\n")
        .contains("valwatch_validator_blocks_until_jail{" + VALIDATOR_LABELS + "} 9490.0\n")
        .contains("valwatch_validator_risk_level{" + VALIDATOR_LABELS + "} 1.0\n")
        .contains(
            "valwatch_validator_time_to_penalty_seconds{chain_id=\"cosmoshub-4\",label=\"main\",moniker=\"Example Node\","
                + "pace=\"current_rate\",validator=\"" + OPERATOR + "\"} 1186375.0\n")
        .contains(
            "valwatch_validator_time_to_jail_seconds{chain_id=\"cosmoshub-4\",label=\"main\",moniker=\"Example Node\","
                + "pace=\"current_rate\",validator=\"" + OPERATOR + "\"} 1186375.0\n")
        .contains(
            "valwatch_validator_time_to_jail_seconds{chain_id=\"cosmoshub-4\",label=\"main\",moniker=\"Example Node\","
                + "pace=\"fully_offline\",validator=\"" + OPERATOR + "\"} 59318.75\n")
        .contains("valwatch_alerts_active{chain_id=\"cosmoshub-4\",kind=\"jail_imminent\",severity=\"warning\"} 1.0\n")
        .contains(
            "valwatch_alerts_active{chain_id=\"cosmoshub-4\",kind=\"governance_vote_missing\",severity=\"info\"} 2.0\n")
        .contains("valwatch_validator_rank{" + VALIDATOR_LABELS + "} 12.0\n")
        .contains("valwatch_validator_tokens{" + VALIDATOR_LABELS + "} 1.5E12\n")
        .contains(
            "valwatch_validator_stake_tokens{chain_id=\"cosmoshub-4\",denom=\"uatom\",label=\"main\","
                + "moniker=\"Example Node\",validator=\"" + OPERATOR + "\"} 1.5E12\n")
        .contains("valwatch_chain_data_available{chain_id=\"cosmoshub-4\",data=\"staking\"} 1.0\n")
        .contains("valwatch_chain_data_available{chain_id=\"cosmoshub-4\",data=\"slashing\"} 1.0\n")
        .contains("valwatch_chain_data_available{chain_id=\"cosmoshub-4\",data=\"liveness_rule\"} 1.0\n")
        .contains("valwatch_validator_voting_power{" + VALIDATOR_LABELS + "} 1500000.0\n")
        .contains("valwatch_validator_bonded{" + VALIDATOR_LABELS + "} 1.0\n")
        .contains("valwatch_validator_jailed{" + VALIDATOR_LABELS + "} 0.0\n")
        .contains("valwatch_validator_tombstoned{" + VALIDATOR_LABELS + "} 0.0\n")
        .contains("valwatch_validator_commission_ratio{" + VALIDATOR_LABELS + "} 0.05\n")
        .contains(
            "valwatch_validator_info{chain_id=\"cosmoshub-4\",consensus_address=\""
                + CONSENSUS_HEX
                + "\",identity=\""
                + OPERATOR
                + "\",label=\"main\",moniker=\"Example Node\",validator=\""
                + OPERATOR
                + "\"} 1\n")
        .contains("valwatch_endpoint_up{chain_id=\"cosmoshub-4\",endpoint=\"https://rpc.cosmos.example\"} 1.0\n")
        .contains("valwatch_endpoint_height{chain_id=\"cosmoshub-4\",endpoint=\"https://rpc.cosmos.example\"} 1000.0\n")
        .contains(
            "valwatch_endpoint_requests_total{chain_id=\"cosmoshub-4\",endpoint=\"https://rpc.cosmos.example\",outcome=\"success\"} 120.0\n")
        .contains(
            "valwatch_endpoint_requests_total{chain_id=\"cosmoshub-4\",endpoint=\"https://rpc.cosmos.example\",outcome=\"network_error\"} 2.0\n")
        .contains(
            "valwatch_endpoint_requests_total{chain_id=\"cosmoshub-4\",endpoint=\"https://rpc.cosmos.example\",outcome=\"malformed\"} 0.0\n");
  }

  @Test
  void valuesTheChainDoesNotProvideHaveNoSample() throws IOException {
    ValidatorStatus unresolved =
        ValidatorStatus.builder()
            .identity("cosmosvalcons1unknown")
            .label("")
            .signing(SigningStats.EMPTY)
            .recentBlocks(RecentBlocks.NONE)
            .build();
    ValidatorStatus partlyKnown =
        ValidatorStatus.builder()
            .identity(OPERATOR)
            .label("")
            .consensusAddressHex(CONSENSUS_HEX)
            .signing(new SigningStats(1, 0, 0, 0, 0, 0, 0, 1, 0))
            .staking(StakingStatus.builder()
                .operatorAddress(OPERATOR)
                .bondStatus(BondStatus.UNKNOWN)
                .jailed(true)
                .tokensByDenom(Map.of())
                .build())
            .recentBlocks(RecentBlocks.NONE)
            .build();
    EndpointStatus silent = EndpointStatus.builder()
        .endpoint("http://127.0.0.1:26657")
        .up(false)
        .catchingUp(false)
        .requests(Map.of())
        .lastError("refused")
        .build();
    status.set(
        List.of(
            ChainStatus.builder()
                .chainId("testnet-1")
                .pluginId("cosmos-sdk")
                .blocksProcessed(0)
                .gapBlocks(0)
                .activeValidatorUptimeRatios(List.of())
                .validators(List.of(unresolved, partlyKnown))
                .endpoints(List.of(silent))
                .activeAlerts(List.of())
                .build()));

    String text = scrapeText();

    assertThat(sampleNames(text))
        .doesNotContain(
            "valwatch_chain_height",
            "valwatch_chain_active_validators",
            "valwatch_chain_seat_price_tokens",
            "valwatch_chain_signed_power_ratio",
            "valwatch_chain_block_interval_seconds",
            "valwatch_chain_validator_uptime_ratio",
            "valwatch_slashing_signed_blocks_window",
            "valwatch_liveness_window_blocks",
            "valwatch_validator_tokens",
            "valwatch_validator_rank",
            "valwatch_validator_bonded",
            "valwatch_validator_tombstoned",
            "valwatch_validator_commission_ratio",
            "valwatch_validator_blocks_until_penalty",
            "valwatch_validator_blocks_until_jail",
            "valwatch_validator_time_to_penalty_seconds",
            "valwatch_validator_time_to_jail_seconds",
            "valwatch_alerts_active",
            "valwatch_endpoint_height",
            "valwatch_validator_stake_tokens",
            // Nothing is processed yet, so nothing is judged unavailable yet either.
            "valwatch_chain_data_available");
    String unresolvedLabels = "chain_id=\"testnet-1\",label=\"\",moniker=\"\",validator=\"cosmosvalcons1unknown\"";
    String partlyKnownLabels = "chain_id=\"testnet-1\",label=\"\",moniker=\"\",validator=\"" + OPERATOR + "\"";
    assertThat(text)
        .contains("valwatch_chain_blocks_processed_total{chain_id=\"testnet-1\"} 0.0\n")
        .doesNotContain("valwatch_validator_signed_blocks_total{" + unresolvedLabels)
        .doesNotContain("valwatch_validator_consecutive_missed_blocks{" + unresolvedLabels)
        .doesNotContain("valwatch_validator_uptime_ratio{" + unresolvedLabels)
        .contains("valwatch_validator_uptime_ratio{" + partlyKnownLabels + "} 1.0\n")
        .doesNotContain("valwatch_validator_jailed{" + unresolvedLabels)
        .contains("valwatch_validator_jailed{" + partlyKnownLabels + "} 1.0\n")
        .contains(
            "valwatch_validator_info{chain_id=\"testnet-1\",consensus_address=\"\",identity=\"cosmosvalcons1unknown\","
                + "label=\"\",moniker=\"\",validator=\"cosmosvalcons1unknown\"} 1\n")
        .contains("valwatch_endpoint_up{chain_id=\"testnet-1\",endpoint=\"http://127.0.0.1:26657\"} 0.0\n")
        .contains(
            "valwatch_endpoint_requests_total{chain_id=\"testnet-1\",endpoint=\"http://127.0.0.1:26657\",outcome=\"rpc_error\"} 0.0\n");
  }

  @Test
  void stakeIsExportedPerDenomOnChainsThatBondSeveral() throws IOException {
    StakingStatus initia =
        StakingStatus.builder()
            .operatorAddress("initvaloper1example")
            .moniker("Move Node")
            .votingPower(42L)
            .rank(3)
            .bondStatus(BondStatus.BONDED)
            .jailed(false)
            .tombstoned(false)
            .chainMissedBlocksCounter(0L)
            .chainBlocksUntilPenalty(50L)
            .tokensByDenom(Map.of("uinit", new BigInteger("4000000000"), "move/a2b0d3c2", new BigInteger("2500000000")))
            .build();
    ValidatorStatus validator =
        ValidatorStatus.builder()
            .identity("initvaloper1example")
            .label("")
            .consensusAddressHex(CONSENSUS_HEX)
            .signing(SigningStats.EMPTY)
            .staking(initia)
            .risk(RiskStatus.UNKNOWN)
            .recentBlocks(RecentBlocks.NONE)
            .build();
    status.set(List.of(chain("initiation-2", 77L, null, null, List.of(validator))));

    String labels = "chain_id=\"initiation-2\",denom=\"%s\",label=\"\",moniker=\"Move Node\",validator=\"initvaloper1example\"";
    assertThat(scrapeText())
        .contains("valwatch_validator_stake_tokens{" + labels.formatted("move/a2b0d3c2") + "} 2.5E9\n")
        .contains("valwatch_validator_stake_tokens{" + labels.formatted("uinit") + "} 4.0E9\n")
        .doesNotContain("valwatch_validator_tokens{")
        .contains("valwatch_chain_data_available{chain_id=\"initiation-2\",data=\"staking\"} 1.0\n");
  }

  @Test
  void aChainWithoutStakingDataSaysSoInsteadOfShowingZeros() throws IOException {
    ValidatorStatus byConsensusAddress =
        ValidatorStatus.builder()
            .identity(CONSENSUS_HEX)
            .label("")
            .consensusAddressHex(CONSENSUS_HEX)
            .signing(new SigningStats(9, 1, 0, 0, 0, 0, 1, 10, 0))
            .risk(RiskStatus.UNKNOWN)
            .recentBlocks(RecentBlocks.NONE)
            .build();
    status.set(List.of(chain("consumer-1", 500L, null, null, List.of(byConsensusAddress))));

    String text = scrapeText();

    assertThat(text)
        .contains("valwatch_chain_data_available{chain_id=\"consumer-1\",data=\"staking\"} 0.0\n")
        .contains("valwatch_chain_data_available{chain_id=\"consumer-1\",data=\"slashing\"} 0.0\n")
        .contains("valwatch_chain_data_available{chain_id=\"consumer-1\",data=\"liveness_rule\"} 0.0\n");
    assertThat(sampleNames(text))
        .contains("valwatch_validator_signed_blocks_total")
        .doesNotContain(
            "valwatch_validator_tokens",
            "valwatch_validator_stake_tokens",
            "valwatch_validator_rank",
            "valwatch_chain_max_validators",
            "valwatch_slashing_signed_blocks_window");

    SlashingParams slashing = slashingParams();
    status.set(List.of(chain("consumer-1", 501L, slashing, 180, List.of(byConsensusAddress))));
    assertThat(scrapeText())
        .contains("valwatch_chain_data_available{chain_id=\"consumer-1\",data=\"staking\"} 1.0\n")
        .contains("valwatch_chain_data_available{chain_id=\"consumer-1\",data=\"slashing\"} 1.0\n")
        .contains("valwatch_chain_data_available{chain_id=\"consumer-1\",data=\"liveness_rule\"} 1.0\n");
  }

  /** A chain at {@code height} with the given slashing parameters and {@code max_validators}, or neither. */
  private static ChainStatus chain(
      String chainId, Long height, SlashingParams slashing, Integer maxValidators, List<ValidatorStatus> validators) {
    return ChainStatus.builder()
        .chainId(chainId)
        .pluginId("cosmos-sdk")
        .latestHeight(height)
        .blocksProcessed(1)
        .gapBlocks(0)
        .activeValidatorUptimeRatios(List.of())
        .maxValidators(maxValidators)
        .slashingParams(slashing)
        .livenessRule(slashing == null ? null : slashing.livenessRule())
        .validators(validators)
        .endpoints(List.of())
        .activeAlerts(List.of())
        .build();
  }

  @Test
  void readsTheStatusAgainOnEveryScrape() throws IOException {
    status.set(List.of(fullChain()));
    assertThat(scrapeText()).contains("valwatch_chain_height{chain_id=\"cosmoshub-4\"} 1000.0\n");

    ChainStatus c = fullChain();
    status.set(
        List.of(
            c.toBuilder()
                .latestHeight(1_001L)
                .blocksProcessed(101)
                .build()));

    assertThat(scrapeText())
        .contains("valwatch_chain_height{chain_id=\"cosmoshub-4\"} 1001.0\n")
        .contains("valwatch_chain_blocks_processed_total{chain_id=\"cosmoshub-4\"} 101.0\n");
  }

  @Test
  void eachFamilyAppearsOnceWithTheSamplesOfEveryChain() throws IOException {
    ChainStatus hub = fullChain();
    status.set(List.of(hub, chain("osmosis-1", 7L, null, null, List.of())));
    String text = scrapeText();
    assertThat(text.split("# TYPE valwatch_chain_height gauge\n", -1)).as("one TYPE line").hasSize(2);
    assertThat(text)
        .contains("valwatch_chain_height{chain_id=\"cosmoshub-4\"} 1000.0\n")
        .contains("valwatch_chain_height{chain_id=\"osmosis-1\"} 7.0\n");
  }

  @Test
  void theValidatorsFamiliesAreNotBuiltWhenNoneIsAskedFor() {
    status.set(List.of(fullChain()));
    WatcherCollector collector = new WatcherCollector(status::get, new BuildInfo("1.2.3", "0123456789ab", "2026-12-04T16:56:25Z"));
    List<String> all = collector.collect().stream().map(s -> s.getMetadata().getPrometheusName()).toList();
    List<String> validators = all.stream().filter(WatcherCollector::isValidatorFamily).toList();
    assertThat(validators)
        .as("every family of the validators' samples is known as one")
        .containsExactlyInAnyOrderElementsOf(
            WatcherCollector.validatorSnapshots(fullChain()).stream().map(s -> s.getMetadata().getPrometheusName()).toList())
        .contains("valwatch_validator_signed_blocks", "valwatch_validator", "valwatch_validator_time_to_jail_seconds");
    List<String> rest =
        collector.collect(name -> !WatcherCollector.isValidatorFamily(name), null).stream()
            .map(s -> s.getMetadata().getPrometheusName()).toList();
    assertThat(rest).containsExactlyInAnyOrderElementsOf(all.stream().filter(n -> !validators.contains(n)).toList());
  }

  @Test
  void openMetricsNamesCountersWithoutTotalAndGivesUnits() throws IOException {
    status.set(List.of(fullChain()));

    String text = scrapeOpenMetrics();

    assertThat(text)
        .contains("# TYPE valwatch_chain_blocks_processed counter\n")
        .contains("valwatch_chain_blocks_processed_total{chain_id=\"cosmoshub-4\"} 100.0\n")
        .contains("# TYPE valwatch_chain_block_interval_seconds gauge\n")
        .contains("# UNIT valwatch_chain_block_interval_seconds seconds\n")
        .contains("# UNIT valwatch_validator_uptime_ratio ratio\n")
        .contains("# TYPE valwatch_validator info\n")
        .contains("# HELP valwatch_chain_height Last block height processed (blocks).\n")
        .endsWith("# EOF\n");
  }

  @Test
  void withoutChainsOnlyBuildInfoIsExposed() throws IOException {
    assertThat(sampleNames(scrapeText())).containsExactly("valwatch_build_info");
  }
}
