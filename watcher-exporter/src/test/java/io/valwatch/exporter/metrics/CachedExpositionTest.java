package io.valwatch.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.tracker.SigningStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The cached exposition against the registry's own, written by the client library's writers from a full
 * scrape: the same bytes, in both text formats, before and after a chain's status changes.
 */
class CachedExpositionTest {
  private final AtomicReference<List<ChainStatus>> status = new AtomicReference<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final WatcherCollector watcher =
      new WatcherCollector(status::get, new BuildInfo("1.2.3", "0123456789ab", "2026-12-04T16:56:25Z"));
  private final CachedExposition cached = new CachedExposition(registry, watcher);
  // Families of other collectors sorting before, between and after the watcher's.
  private final Counter deliveries =
      Counter.builder().name("alert_deliveries_total").help("Deliveries.").labelNames("sink").register(registry);
  private final Gauge between = Gauge.builder().name("valwatch_chain_zz_test").help("Between.").register(registry);
  private final Gauge last = Gauge.builder().name("zz_last").help("After.").register(registry);

  CachedExpositionTest() {
    registry.register(watcher);
    registry.register(new KilnMetrics(status::get, "cosmos_validator_watcher", Map.of()));
  }

  @Test
  void writesWhatTheRegistryWritesInBothTextFormats() throws IOException {
    // Not in the order of their ids, which the registry sorts the samples of a family by.
    status.set(List.of(renamed(WatcherCollectorTest.fullChain(), "osmosis-1"), WatcherCollectorTest.fullChain()));
    deliveries.labelValues("webhook").inc(3);
    between.set(2);
    last.set(1);
    for (ExpositionFormatWriter writer : writers()) {
      String expected = registryText(writer);
      assertThat(text(writer)).isEqualTo(expected);
      assertThat(text(writer)).as("from the cache").isEqualTo(expected);
      assertThat(expected).contains("valwatch_validator_signed_blocks", "cosmos_validator_watcher_", "zz_last");
    }
  }

  @Test
  void followsEveryChangeOfAChainsValidatorsAndOfEverythingElse() throws IOException {
    ChainStatus hub = WatcherCollectorTest.fullChain();
    ChainStatus osmosis = renamed(WatcherCollectorTest.fullChain(), "osmosis-1");
    status.set(List.of(hub, osmosis));
    ExpositionFormatWriter writer = PrometheusTextFormatWriter.create();
    String before = text(writer);

    // Same validators, other values of the chain and of another collector: written anew at every scrape.
    deliveries.labelValues("webhook").inc();
    status.set(List.of(hub, withValidators(osmosis, osmosis.validators(), 2_000L)));
    String heightMoved = text(writer);
    assertThat(heightMoved).isNotEqualTo(before).isEqualTo(registryText(writer));
    assertThat(heightMoved).contains("valwatch_chain_height{chain_id=\"osmosis-1\"} 2000.0\n");
    assertThat(cached.chainsRendered()).as("each chain's validators rendered once").isEqualTo(2);

    // A validator of one chain signed once more: its status holds a new list of validators.
    ValidatorStatus v = osmosis.validators().get(0);
    SigningStats s = v.signing();
    ValidatorStatus signedMore =
        v.toBuilder()
            .signing(new SigningStats(
                s.signedBlocks() + 1, s.missedBlocks(), s.nilVotes(), s.proposedBlocks(), s.soloMissedBlocks(),
                s.consecutiveMissedBlocks(), s.windowMissedBlocks(), s.windowSlots(), s.missedProposals()))
            .build();
    status.set(List.of(hub, withValidators(osmosis, List.of(signedMore), 2_001L)));
    String changed = text(writer);
    assertThat(changed).isNotEqualTo(heightMoved).isEqualTo(registryText(writer));
    assertThat(cached.chainsRendered()).as("only the chain whose validators changed").isEqualTo(3);
    assertThat(changed)
        .contains("valwatch_validator_signed_blocks_total{chain_id=\"osmosis-1\"")
        .contains("} " + (s.signedBlocks() + 1) + ".0\n");

    // A chain goes away, and the other format is asked for.
    status.set(List.of(hub));
    ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    String one = text(openMetrics);
    assertThat(one).isEqualTo(registryText(openMetrics)).doesNotContain("osmosis-1");
  }

  private static List<ExpositionFormatWriter> writers() {
    return List.of(PrometheusTextFormatWriter.create(), OpenMetricsTextFormatWriter.create());
  }

  private String text(ExpositionFormatWriter writer) throws IOException {
    return new String(cached.write(writer, EscapingScheme.DEFAULT), StandardCharsets.UTF_8);
  }

  private String registryText(ExpositionFormatWriter writer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static ChainStatus renamed(ChainStatus c, String chainId) {
    return c.toBuilder()
        .chainId(chainId)
        .activeAlerts(List.of())
        .build();
  }

  private static ChainStatus withValidators(ChainStatus c, List<ValidatorStatus> validators, long height) {
    return c.toBuilder()
        .latestHeight(height)
        .validators(validators)
        .build();
  }
}
