package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackfillProgressTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private final BackfillProgress progress = new BackfillProgress();

  @Test
  void aLargeBacklogReportsBlocksLeftThenRateAndTimeLeft() {
    assertThat(progress.observe(List.of(chain(1_000L, 11_000L)), T0))
        .containsExactly("chain test-1: catching up, 10,000 blocks left (at height 1,000 of 11,000), measuring the rate");

    // 500 heights in 5 s while the chain grew by 25: closing at 95 blocks/s, 9,525 left.
    assertThat(progress.observe(List.of(chain(1_500L, 11_025L)), T0.plusSeconds(5)))
        .containsExactly(
            "chain test-1: catching up, 9,525 blocks left (at height 1,500 of 11,025), 100.0 blocks/s, about 1m 41s left");
  }

  @Test
  void aSmallBacklogIsNotReportedAndCatchingUpIsReportedOnce() {
    assertThat(progress.observe(List.of(chain(1_000L, 1_400L)), T0)).isEmpty();

    progress.observe(List.of(chain(1_000L, 3_000L)), T0);
    assertThat(progress.observe(List.of(chain(2_900L, 3_010L)), T0.plusSeconds(5)))
        .containsExactly("chain test-1: caught up at height 2,900");
    assertThat(progress.observe(List.of(chain(3_005L, 3_010L)), T0.plusSeconds(10))).isEmpty();
  }

  @Test
  void aChainThatFallsFurtherBehindSaysSo() {
    progress.observe(List.of(chain(1_000L, 3_000L)), T0);

    assertThat(progress.observe(List.of(chain(1_010L, 3_100L)), T0.plusSeconds(5)))
        .singleElement()
        .asString()
        .endsWith("2.0 blocks/s, not gaining on the chain");
  }

  @Test
  void nothingIsReportedBeforeTheFirstHeightOrWithoutAnEndpointHeight() {
    assertThat(progress.observe(List.of(chain(null, 10_000L), chain(5L, null)), T0)).isEmpty();
  }

  @Test
  void durationsReadNaturally() {
    assertThat(BackfillProgress.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(BackfillProgress.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m 20s");
    assertThat(BackfillProgress.humanDuration(Duration.ofSeconds(3_720))).isEqualTo("1h 02m");
  }

  private static ChainStatus chain(Long processed, Long endpointHeight) {
    return ChainStatus.builder()
        .chainId("test-1")
        .pluginId("cosmos-sdk")
        .latestHeight(processed)
        .blocksProcessed(0)
        .gapBlocks(0)
        .activeValidatorUptimeRatios(List.of())
        .validators(List.of())
        .endpoints(List.of(
            EndpointStatus.builder()
                .endpoint("https://a.example")
                .up(endpointHeight != null)
                .height(endpointHeight)
                .catchingUp(false)
                .requests(Map.of())
                .build(),
            EndpointStatus.builder()
                .endpoint("https://b.example")
                .up(false)
                .catchingUp(false)
                .requests(Map.of())
                .lastError("connection refused")
                .build()))
        .activeAlerts(List.of())
        .build();
  }
}
