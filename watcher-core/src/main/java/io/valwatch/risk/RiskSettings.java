package io.valwatch.risk;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds a chain's risk level and alerts follow. {@link #defaults()} are the values a careful
 * operator would start with; {@link #builder()} changes some of them.
 *
 * @param warningFraction {@code jail_imminent} warns when the misses left before the liveness penalty are at
 *     most this share of the misses the rule tolerates (default 0.5)
 * @param criticalFraction it is critical at most this share, rounded down but at least one miss (default 0.1)
 * @param criticalTime it is also critical when, already in the warning zone and still missing, the validator
 *     would reach the penalty within this time if fully offline (default 30 minutes)
 * @param consecutiveMisses {@code consecutive_misses} warns at this many misses in a row (default 10)
 * @param seatMargin {@code seat_price_margin} warns when a bonded validator's stake is below the seat price
 *     times one plus this margin (default 0.05)
 * @param rankMargin ... or when its rank is within this many places of {@code max_validators} (default 3)
 * @param stallFactor {@code chain_stalled} fires after this many mean block intervals without a new block,
 *     and never before a minute (default 5)
 * @param lagBlocks {@code endpoint_lagging} fires for an endpoint more than this many heights behind the
 *     best one (default 10)
 * @param upgradeSilenceBefore heights before a scheduled upgrade height from which noisy alerts are held
 *     (default 50)
 * @param upgradeSilenceAfter heights after it until which they stay held (default 200)
 * @param rateWindowBlocks the recent heights the current miss rate is measured over (default 100)
 */
public record RiskSettings(
    double warningFraction,
    double criticalFraction,
    Duration criticalTime,
    long consecutiveMisses,
    double seatMargin,
    int rankMargin,
    double stallFactor,
    long lagBlocks,
    long upgradeSilenceBefore,
    long upgradeSilenceAfter,
    int rateWindowBlocks) {

  private static final RiskSettings DEFAULTS =
      new RiskSettings(0.5, 0.1, Duration.ofMinutes(30), 10, 0.05, 3, 5, 10, 50, 200, 100);

  public RiskSettings {
    requireFraction("warningFraction", warningFraction);
    requireFraction("criticalFraction", criticalFraction);
    if (criticalFraction > warningFraction) {
      throw new IllegalArgumentException(
          "risk: criticalFraction (" + criticalFraction + ") must not exceed warningFraction (" + warningFraction + ")");
    }
    Objects.requireNonNull(criticalTime, "criticalTime");
    if (criticalTime.isNegative()) {
      throw new IllegalArgumentException("risk: criticalTime must not be negative, got " + criticalTime);
    }
    requirePositive("consecutiveMisses", consecutiveMisses);
    if (!(seatMargin >= 0)) {
      throw new IllegalArgumentException("risk: seatMargin must be >= 0, got " + seatMargin);
    }
    if (rankMargin < 0) {
      throw new IllegalArgumentException("risk: rankMargin must be >= 0, got " + rankMargin);
    }
    if (!(stallFactor > 0)) {
      throw new IllegalArgumentException("risk: stallFactor must be positive, got " + stallFactor);
    }
    if (lagBlocks < 0 || upgradeSilenceBefore < 0 || upgradeSilenceAfter < 0) {
      throw new IllegalArgumentException(
          "risk: lagBlocks, upgradeSilenceBefore and upgradeSilenceAfter must be >= 0, got "
              + lagBlocks + ", " + upgradeSilenceBefore + ", " + upgradeSilenceAfter);
    }
    requirePositive("rateWindowBlocks", rateWindowBlocks);
  }

  private static void requireFraction(String name, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException("risk: " + name + " must be in (0, 1], got " + value);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("risk: " + name + " must be positive, got " + value);
    }
  }

  /** The default thresholds. */
  public static RiskSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The most misses left at which {@code jail_imminent} is critical for a rule tolerating {@code maxMissed}:
   * {@code floor(criticalFraction x maxMissed)}, at least 1.
   */
  public long criticalBlocksLeft(long maxMissed) {
    return Math.max(1, (long) Math.floor(criticalFraction * maxMissed));
  }

  /** Whether {@code blocksLeft} misses left is in the warning zone of a rule tolerating {@code maxMissed}. */
  public boolean inWarningZone(long blocksLeft, long maxMissed) {
    return blocksLeft <= warningFraction * maxMissed;
  }

  /** Builds {@link RiskSettings}; every setting starts at its default. */
  public static final class Builder {
    private double warningFraction;
    private double criticalFraction;
    private Duration criticalTime;
    private long consecutiveMisses;
    private double seatMargin;
    private int rankMargin;
    private double stallFactor;
    private long lagBlocks;
    private long upgradeSilenceBefore;
    private long upgradeSilenceAfter;
    private int rateWindowBlocks;

    private Builder(RiskSettings from) {
      warningFraction = from.warningFraction;
      criticalFraction = from.criticalFraction;
      criticalTime = from.criticalTime;
      consecutiveMisses = from.consecutiveMisses;
      seatMargin = from.seatMargin;
      rankMargin = from.rankMargin;
      stallFactor = from.stallFactor;
      lagBlocks = from.lagBlocks;
      upgradeSilenceBefore = from.upgradeSilenceBefore;
      upgradeSilenceAfter = from.upgradeSilenceAfter;
      rateWindowBlocks = from.rateWindowBlocks;
    }

    public Builder warningFraction(double v) {
      warningFraction = v;
      return this;
    }

    public Builder criticalFraction(double v) {
      criticalFraction = v;
      return this;
    }

    public Builder criticalTime(Duration v) {
      criticalTime = v;
      return this;
    }

    public Builder consecutiveMisses(long v) {
      consecutiveMisses = v;
      return this;
    }

    public Builder seatMargin(double v) {
      seatMargin = v;
      return this;
    }

    public Builder rankMargin(int v) {
      rankMargin = v;
      return this;
    }

    public Builder stallFactor(double v) {
      stallFactor = v;
      return this;
    }

    public Builder lagBlocks(long v) {
      lagBlocks = v;
      return this;
    }

    public Builder upgradeSilenceBefore(long blocks) {
      upgradeSilenceBefore = blocks;
      return this;
    }

    public Builder upgradeSilenceAfter(long blocks) {
      upgradeSilenceAfter = blocks;
      return this;
    }

    public Builder rateWindowBlocks(int blocks) {
      rateWindowBlocks = blocks;
      return this;
    }

    public RiskSettings build() {
      return new RiskSettings(
          warningFraction, criticalFraction, criticalTime, consecutiveMisses, seatMargin, rankMargin,
          stallFactor, lagBlocks, upgradeSilenceBefore, upgradeSilenceAfter, rateWindowBlocks);
    }
  }
}
