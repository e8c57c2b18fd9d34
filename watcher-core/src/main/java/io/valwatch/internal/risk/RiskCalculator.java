package io.valwatch.internal.risk;

import io.valwatch.model.LivenessRule;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskSettings;
import io.valwatch.risk.RiskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Turns a validator's counters into its {@link RiskStatus} by a chain's {@link RiskSettings}. */
public final class RiskCalculator {
  private final RiskSettings settings;

  public RiskCalculator(RiskSettings settings) {
    this.settings = settings;
  }

  public RiskStatus assess(RiskInputs in) {
    Double rate = in.recentInSet() == 0 ? null : (double) in.recentMissed() / in.recentInSet();
    if (in.tombstoned()) {
      return withoutRule(RiskLevel.CRITICAL, rate, List.of("tombstoned"));
    }
    if (in.jailed()) {
      return withoutRule(RiskLevel.CRITICAL, rate, List.of("jailed"));
    }
    LivenessRule rule = in.rule();
    if (rule == null) {
      return withoutRule(RiskLevel.OK, rate, List.of());
    }
    List<String> reasons = new ArrayList<>();
    long missed;
    long sinceCounter = 0;
    if (in.chainCounter() != null) {
      sinceCounter = in.missedSinceChainCounter();
      missed = in.chainCounter() + sinceCounter;
    } else {
      missed = in.watcherWindowMissed();
      reasons.add("the chain gives no missed-blocks counter: counted from the watcher's own window");
    }
    long left = rule.blocksUntilPenalty(missed);
    Double interval = in.meanBlockInterval() == null ? null : in.meanBlockInterval().toNanos() / 1e9;
    // The penalty falls on the miss after the last affordable one.
    Double fullyOffline = interval == null ? null : (left + 1) * interval;
    Double atRate = interval == null || rate == null || rate == 0 ? null : (left + 1) / rate * interval;

    long max = rule.maxMissedBlocks();
    long criticalLine = settings.criticalBlocksLeft(max);
    RiskLevel level = RiskLevel.OK;
    if (left <= criticalLine) {
      level = RiskLevel.CRITICAL;
      reasons.add(left + " misses left before the penalty, at or below the critical line of " + criticalLine);
    } else if (settings.inWarningZone(left, max)) {
      boolean missing = rate != null && rate > 0;
      if (missing && fullyOffline != null && fullyOffline <= settings.criticalTime().toNanos() / 1e9) {
        level = RiskLevel.CRITICAL;
        reasons.add(
            left + " misses left and still missing: fully offline, the penalty is "
                + Math.round(fullyOffline) + " s away, within " + settings.criticalTime());
      } else {
        level = RiskLevel.WARNING;
        reasons.add(
            left + " misses left before the penalty, at or below "
                + settings.warningFraction() + " x " + max + " tolerated");
      }
    }
    if (level == RiskLevel.OK) {
      reasons.clear();
    }
    return new RiskStatus(
        level, OptionalLong.of(left), sinceCounter, optional(rate), optional(atRate), optional(fullyOffline), reasons);
  }

  private static RiskStatus withoutRule(RiskLevel level, Double rate, List<String> reasons) {
    return new RiskStatus(
        level, OptionalLong.empty(), 0, optional(rate), OptionalDouble.empty(), OptionalDouble.empty(), reasons);
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Whether a status is critical by the blocks left alone (not by the time rule). */
  public boolean criticalByBlocks(RiskStatus status, LivenessRule rule) {
    return rule != null
        && status.blocksUntilPenalty().isPresent()
        && status.blocksUntilPenalty().getAsLong() <= settings.criticalBlocksLeft(rule.maxMissedBlocks());
  }
}
