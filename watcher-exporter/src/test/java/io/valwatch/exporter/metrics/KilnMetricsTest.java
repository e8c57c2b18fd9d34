package io.valwatch.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.model.VotingProposal;
import io.valwatch.tracker.SigningStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KilnMetricsTest {
  private static final String VALIDATOR =
      "address=\"1D6C5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10\",chain_id=\"cosmoshub-4\",name=\"main\"";

  private static String scrape(KilnMetrics metrics, boolean openMetrics) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(metrics);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (openMetrics) {
      new OpenMetricsTextFormatWriter(false, false).write(out, registry.scrape());
    } else {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code chain} with other validators and governance data. */
  private static ChainStatus with(ChainStatus chain, List<ValidatorStatus> validators, GovernanceData governance) {
    return chain.toBuilder()
        .validators(validators)
        .governance(governance)
        .build();
  }

  @Test
  void mapsValwatchCountsToKilnNamesAndLabels() throws IOException {
    // SigningStats(signed 95, missed 5, nil 2, proposed 3, solo 1, streak 0, ...), chain missed counter 7.
    String text = scrape(new KilnMetrics(() -> List.of(WatcherCollectorTest.fullChain()), "cosmos_validator_watcher", Map.of()), false);

    assertThat(text.lines())
        .contains(
            "cosmos_validator_watcher_block_height{chain_id=\"cosmoshub-4\"} 1000.0",
            "cosmos_validator_watcher_active_set{chain_id=\"cosmoshub-4\"} 180.0",
            "cosmos_validator_watcher_tracked_blocks{chain_id=\"cosmoshub-4\"} 100.0",
            "cosmos_validator_watcher_skipped_blocks{chain_id=\"cosmoshub-4\"} 3.0",
            "cosmos_validator_watcher_seat_price{chain_id=\"cosmoshub-4\",denom=\"\"} 2.5E11",
            "cosmos_validator_watcher_signed_blocks_window{chain_id=\"cosmoshub-4\"} 10000.0",
            "cosmos_validator_watcher_min_signed_blocks_per_window{chain_id=\"cosmoshub-4\"} 0.05",
            "cosmos_validator_watcher_downtime_jail_duration{chain_id=\"cosmoshub-4\"} 600.0",
            "cosmos_validator_watcher_slash_fraction_double_sign{chain_id=\"cosmoshub-4\"} 0.05",
            "cosmos_validator_watcher_slash_fraction_downtime{chain_id=\"cosmoshub-4\"} 1.0E-4",
            "cosmos_validator_watcher_rank{" + VALIDATOR + "} 12.0",
            "cosmos_validator_watcher_proposed_blocks{" + VALIDATOR + "} 3.0",
            // kiln counts a nil vote as validated: signed 95 + nil 2.
            "cosmos_validator_watcher_validated_blocks{" + VALIDATOR + "} 97.0",
            "cosmos_validator_watcher_missed_blocks{" + VALIDATOR + "} 5.0",
            "cosmos_validator_watcher_solo_missed_blocks{" + VALIDATOR + "} 1.0",
            "cosmos_validator_watcher_consecutive_missed_blocks{" + VALIDATOR + "} 0.0",
            "cosmos_validator_watcher_missed_blocks_window{" + VALIDATOR + "} 7.0",
            "cosmos_validator_watcher_is_bonded{" + VALIDATOR + "} 1.0",
            "cosmos_validator_watcher_is_jailed{" + VALIDATOR + "} 0.0",
            "cosmos_validator_watcher_tokens{address=\"1D6C5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10\",chain_id=\"cosmoshub-4\","
                + "denom=\"\",name=\"main\"} 1.5E12",
            "cosmos_validator_watcher_node_block_height{chain_id=\"cosmoshub-4\",node=\"https://rpc.cosmos.example\"} 1000.0",
            "cosmos_validator_watcher_node_synced{chain_id=\"cosmoshub-4\",node=\"https://rpc.cosmos.example\"} 1.0",
            // kiln's counters keep their names without _total.
            "# TYPE cosmos_validator_watcher_missed_blocks untyped");
    assertThat(text).doesNotContain("_total");
  }

  @Test
  void governanceGivesVotesProposalEndsAndTheUpgradePlan() throws IOException {
    ChainStatus chain = WatcherCollectorTest.fullChain();
    String operator = chain.validators().get(0).staking().orElseThrow().operatorAddress().orElseThrow();
    GovernanceData governance =
        new GovernanceData(
            List.of(
                new VotingProposal(7, "Voted on", Instant.parse("2026-12-24T00:00:00Z"), Set.of(operator)),
                new VotingProposal(8, "Not yet", Instant.parse("2026-12-31T00:00:00Z"), Set.of())),
            Optional.of(new UpgradePlan("v21.0.0", 2_500_000, "")));
    ChainStatus withGovernance =
        with(chain, chain.validators(), governance);

    String text = scrape(new KilnMetrics(() -> List.of(withGovernance), "cosmos_validator_watcher", Map.of()), false);

    assertThat(text.lines())
        .contains(
            "cosmos_validator_watcher_vote{" + VALIDATOR + ",proposal_id=\"7\"} 1.0",
            "cosmos_validator_watcher_vote{" + VALIDATOR + ",proposal_id=\"8\"} 0.0",
            "cosmos_validator_watcher_proposal_end_time{chain_id=\"cosmoshub-4\",proposal_id=\"7\"} 1.7980704E9",
            "cosmos_validator_watcher_upgrade_plan{block=\"2500000\",chain_id=\"cosmoshub-4\",version=\"v21.0.0\"} 2500000.0");
    assertThat(scrape(new KilnMetrics(() -> List.of(chain), "cosmos_validator_watcher", Map.of()), false))
        .as("before the first governance read")
        .doesNotContain("_vote", "proposal_end_time", "upgrade_plan");
  }

  @Test
  void aConfiguredDisplayUnitIsTheDenomLabelAndScalesTokensAndSeatPrice() throws IOException {
    String text =
        scrape(
            new KilnMetrics(
                () -> List.of(WatcherCollectorTest.fullChain()),
                "cosmos_validator_watcher",
                Map.of("cosmoshub-4", new DisplayUnit("ATOM", 6))),
            false);

    // 1,500,000,000,000 uatom and a seat price of 250,000,000,000 uatom.
    assertThat(text.lines())
        .contains(
            "cosmos_validator_watcher_tokens{address=\"1D6C5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10\",chain_id=\"cosmoshub-4\","
                + "denom=\"ATOM\",name=\"main\"} 1500000.0",
            "cosmos_validator_watcher_seat_price{chain_id=\"cosmoshub-4\",denom=\"ATOM\"} 250000.0");
  }

  @Test
  void counterNamesStayWithoutTotalInOpenMetrics() throws IOException {
    String text = scrape(new KilnMetrics(() -> List.of(WatcherCollectorTest.fullChain()), "cosmos_validator_watcher", Map.of()), true);

    assertThat(text.lines())
        .contains(
            "# TYPE cosmos_validator_watcher_tracked_blocks unknown",
            "cosmos_validator_watcher_missed_blocks{" + VALIDATOR + "} 5.0")
        .last()
        .isEqualTo("# EOF");
  }

  @Test
  void namespaceIsThePrefixOrNothing() throws IOException {
    assertThat(scrape(new KilnMetrics(() -> List.of(WatcherCollectorTest.fullChain()), "kiln", Map.of()), false).lines())
        .contains("kiln_block_height{chain_id=\"cosmoshub-4\"} 1000.0")
        .noneMatch(line -> line.contains("cosmos_validator_watcher"));
    assertThat(scrape(new KilnMetrics(() -> List.of(WatcherCollectorTest.fullChain()), "", Map.of()), false).lines())
        .contains("block_height{chain_id=\"cosmoshub-4\"} 1000.0");
    assertThatThrownBy(() -> new KilnMetrics(List::of, "9lives", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'9lives' is not a metric name prefix");
  }

  @Test
  void nameIsTheAddressWithoutALabelAndUnresolvedValidatorsHaveNoSeries() throws IOException {
    ChainStatus chain = WatcherCollectorTest.fullChain();
    ValidatorStatus labelled = chain.validators().get(0);
    ValidatorStatus unlabelled =
        ValidatorStatus.builder()
            .identity("cosmosvalcons1unlabelled")
            .label("")
            .consensusAddressHex("AAAA5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10")
            .signing(new SigningStats(1, 0, 0, 0, 0, 0, 0, 1, 0))
            .build();
    ValidatorStatus unresolved = ValidatorStatus.builder()
        .identity("cosmosvalcons1unresolved")
        .label("later")
        .build();
    List<ValidatorStatus> validators = new ArrayList<>(List.of(labelled, unlabelled, unresolved));
    ChainStatus three =
        with(chain, validators, null);

    String text = scrape(new KilnMetrics(() -> List.of(three), "cosmos_validator_watcher", Map.of()), false);

    assertThat(text.lines())
        .contains(
            "cosmos_validator_watcher_validated_blocks{address=\"AAAA5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10\","
                + "chain_id=\"cosmoshub-4\",name=\"AAAA5F4F5A8D3CB1B7E1A41F2C32E3F5E8A42B10\"} 1.0");
    assertThat(text).doesNotContain("later", "unresolved");
  }

  /** Every row of docs/compat-kiln.md's mapping table is what the collector exports, by name, type and labels. */
  @Test
  void theMappingTableInTheDocsIsWhatIsExported() throws IOException {
    Map<String, String> documented = new TreeMap<>();
    Pattern row = Pattern.compile("^\\| `([a-z_]+)` \\| (gauge|counter) \\| ([a-z_, ]+) \\| (.*) \\|$");
    for (String line : Files.readAllLines(Path.of("..", "docs", "compat-kiln.md"))) {
      Matcher m = row.matcher(line);
      if (m.matches() && !m.group(4).equals("never exported")) {
        // kiln's counters are exposed untyped: OpenMetrics wants _total on a counter's samples.
        String type = m.group(2).equals("counter") ? "untyped" : "gauge";
        documented.put(m.group(1), type + " " + String.join(",", new TreeSet<>(List.of(m.group(3).split(", ")))));
      }
    }
    ChainStatus chain = WatcherCollectorTest.fullChain();
    ChainStatus withGovernance =
        with(
            chain,
            chain.validators(),
            new GovernanceData(
                List.of(new VotingProposal(7, "", Instant.EPOCH, Set.of())), Optional.of(new UpgradePlan("v2", 9, ""))));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new KilnMetrics(() -> List.of(withGovernance), "", Map.of()));
    Map<String, String> exported = new TreeMap<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      String type = snapshot instanceof GaugeSnapshot ? "gauge" : snapshot instanceof UnknownSnapshot ? "untyped" : "other";
      Set<String> labels = new TreeSet<>();
      snapshot.getDataPoints().get(0).getLabels().forEach(label -> labels.add(label.getName()));
      exported.put(snapshot.getMetadata().getName(), type + " " + String.join(",", labels));
    }

    assertThat(documented).as("kiln's 37 metrics less 9 Babylon and 3 never exported").hasSize(25);
    assertThat(exported).isEqualTo(documented);
  }
}
