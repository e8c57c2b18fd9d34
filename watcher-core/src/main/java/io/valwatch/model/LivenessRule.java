package io.valwatch.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How a chain punishes a validator that stops signing: within the last {@code windowBlocks} blocks a
 * validator may miss at most {@code maxMissedBlocks}; one more miss triggers the penalty.
 *
 * @param windowBlocks the sliding window, in blocks
 * @param maxMissedBlocks misses tolerated in the window; the next one is punished
 * @param penalty what happens on breach
 * @param jailDuration jail time for {@link Penalty#JAIL_FOR_DURATION}, otherwise {@link Duration#ZERO}
 * @param jailBlocks jail length for {@link Penalty#JAIL_FOR_BLOCKS}, otherwise 0
 * @param slashFraction share of stake burnt on breach, {@link BigDecimal#ZERO} when none
 */
public record LivenessRule(
    long windowBlocks,
    long maxMissedBlocks,
    Penalty penalty,
    Duration jailDuration,
    long jailBlocks,
    BigDecimal slashFraction) {

  /** What a chain does to a validator that breaks its liveness rule. */
  public enum Penalty {
    JAIL_FOR_DURATION,
    JAIL_FOR_BLOCKS,
    SLASH_ONLY,
    SWITCH_OFF
  }

  public LivenessRule {
    if (windowBlocks <= 0) {
      throw new IllegalArgumentException("windowBlocks must be positive, got " + windowBlocks);
    }
    if (maxMissedBlocks < 0 || maxMissedBlocks > windowBlocks) {
      throw new IllegalArgumentException(
          "maxMissedBlocks must be within [0, " + windowBlocks + "], got " + maxMissedBlocks);
    }
    Objects.requireNonNull(penalty, "penalty");
    Objects.requireNonNull(jailDuration, "jailDuration");
    Objects.requireNonNull(slashFraction, "slashFraction");
  }

  /**
   * Misses the validator can still afford given the chain's counter: at 0 the next miss is punished.
   * Never negative.
   */
  public long blocksUntilPenalty(long missedInWindow) {
    return Math.max(0, maxMissedBlocks - missedInWindow);
  }
}
