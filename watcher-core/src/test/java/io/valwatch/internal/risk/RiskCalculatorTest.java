package io.valwatch.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.valwatch.model.LivenessRule;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskSettings;
import io.valwatch.risk.RiskStatus;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RiskCalculatorTest {
  /** Window 100, at most 50 misses; warning at <= 25 left, critical at <= 5 left. */
  private static final LivenessRule HALF_OF_100 =
      new LivenessRule(100, 50, LivenessRule.Penalty.JAIL_FOR_DURATION, Duration.ofMinutes(10), 0, BigDecimal.ZERO);
  /** Minter: 13 or more of 24 is punished. */
  private static final LivenessRule MINTER =
      new LivenessRule(24, 12, LivenessRule.Penalty.JAIL_FOR_BLOCKS, Duration.ZERO, 17280, BigDecimal.ZERO);
  private static final Duration SIX_SECONDS = Duration.ofSeconds(6);

  private final RiskCalculator calculator = new RiskCalculator(RiskSettings.defaults());

  private static RiskInputs inputs(LivenessRule rule, Long counter, long since, long recentMissed, long recentInSet) {
    return new RiskInputs(rule, counter, since, 0, recentMissed, recentInSet, SIX_SECONDS, false, false);
  }

  @Test
  void blocksLeftAddTheWatchersMissesAfterTheChainCounter() {
    RiskStatus s = calculator.assess(inputs(HALF_OF_100, 10L, 3, 0, 100));
    assertThat(s.blocksUntilPenalty()).hasValue(37);
    assertThat(s.missedSinceChainCounter()).isEqualTo(3);
    assertThat(s.level()).isEqualTo(RiskLevel.OK);
    assertThat(s.reasons()).isEmpty();
  }

  @Test
  void warningAtHalfTheToleratedMissesLeft() {
    assertThat(calculator.assess(inputs(HALF_OF_100, 24L, 0, 0, 100)).level()).isEqualTo(RiskLevel.OK);
    RiskStatus warning = calculator.assess(inputs(HALF_OF_100, 25L, 0, 0, 100));
    assertThat(warning.blocksUntilPenalty()).hasValue(25);
    assertThat(warning.level()).isEqualTo(RiskLevel.WARNING);
    assertThat(warning.reasons()).singleElement().asString().contains("25 misses left");
  }

  @Test
  void criticalAtATenthLeftRoundedDown() {
    assertThat(calculator.assess(inputs(HALF_OF_100, 44L, 0, 0, 100)).level()).isEqualTo(RiskLevel.WARNING);
    assertThat(calculator.assess(inputs(HALF_OF_100, 45L, 0, 0, 100)).level()).isEqualTo(RiskLevel.CRITICAL);
  }

  @Test
  void minterIsCriticalWithOneMissLeftBeforeTheThirteenth() {
    assertThat(calculator.assess(inputs(MINTER, 10L, 0, 0, 24)).level()).isEqualTo(RiskLevel.WARNING);
    RiskStatus oneLeft = calculator.assess(inputs(MINTER, 11L, 0, 0, 24));
    assertThat(oneLeft.blocksUntilPenalty()).hasValue(1);
    assertThat(oneLeft.level()).isEqualTo(RiskLevel.CRITICAL);
  }

  @Test
  void criticalByTimeOnlyWhileStillMissingInTheWarningZone() {
    RiskCalculator slowChain =
        new RiskCalculator(RiskSettings.builder().criticalTime(Duration.ofMinutes(3)).build());
    // 25 left, 6 s blocks: fully offline the penalty is 26 x 6 = 156 s away, within 3 minutes.
    RiskStatus missing = slowChain.assess(inputs(HALF_OF_100, 25L, 0, 10, 100));
    assertThat(missing.level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(missing.projectedSecondsToPenaltyFullyOffline().orElseThrow()).isCloseTo(156.0, within(1e-9));
    // Signing again: the same counter is only a warning.
    assertThat(slowChain.assess(inputs(HALF_OF_100, 25L, 0, 0, 100)).level()).isEqualTo(RiskLevel.WARNING);
    // Outside the warning zone the time rule does not apply.
    assertThat(slowChain.assess(inputs(HALF_OF_100, 20L, 0, 10, 100)).level()).isEqualTo(RiskLevel.OK);
  }

  @Test
  void projectionsAtTheCurrentRateAndFullyOffline() {
    // 40 left, missing 1 in 4 recent heights: 41 misses take 164 heights, 984 s at 6 s.
    RiskStatus s = calculator.assess(inputs(HALF_OF_100, 10L, 0, 25, 100));
    assertThat(s.recentMissRate().orElseThrow()).isCloseTo(0.25, within(1e-9));
    assertThat(s.projectedSecondsToPenaltyAtCurrentRate().orElseThrow()).isCloseTo(984.0, within(1e-9));
    assertThat(s.projectedSecondsToPenaltyFullyOffline().orElseThrow()).isCloseTo(246.0, within(1e-9));
    RiskStatus signing = calculator.assess(inputs(HALF_OF_100, 10L, 0, 0, 100));
    assertThat(signing.projectedSecondsToPenaltyAtCurrentRate()).isEmpty();
  }

  @Test
  void withoutAChainCounterTheWatchersWindowCounts() {
    RiskStatus s =
        calculator.assess(new RiskInputs(HALF_OF_100, null, 0, 30, 0, 100, SIX_SECONDS, false, false));
    assertThat(s.blocksUntilPenalty()).hasValue(20);
    assertThat(s.level()).isEqualTo(RiskLevel.WARNING);
    assertThat(s.reasons()).anyMatch(r -> r.contains("watcher's own window"));
  }

  @Test
  void jailedAndTombstonedAreCriticalWithoutBlocksLeft() {
    RiskStatus jailed = calculator.assess(new RiskInputs(HALF_OF_100, 0L, 0, 0, 0, 0, SIX_SECONDS, true, false));
    assertThat(jailed.level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(jailed.blocksUntilPenalty()).isEmpty();
    assertThat(jailed.reasons()).containsExactly("jailed");
    RiskStatus tombstoned = calculator.assess(new RiskInputs(HALF_OF_100, 0L, 0, 0, 0, 0, SIX_SECONDS, true, true));
    assertThat(tombstoned.reasons()).containsExactly("tombstoned");
  }

  @Test
  void withoutARuleNothingIsKnown() {
    RiskStatus s = calculator.assess(inputs(null, 10L, 0, 5, 10));
    assertThat(s.level()).isEqualTo(RiskLevel.OK);
    assertThat(s.blocksUntilPenalty()).isEmpty();
    assertThat(s.projectedSecondsToPenaltyFullyOffline()).isEmpty();
  }
}
