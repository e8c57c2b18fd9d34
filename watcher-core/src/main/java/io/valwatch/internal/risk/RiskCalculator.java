package io.valwatch.internal.risk;

import io.valwatch.model.LivenessRule;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskSettings;
import io.valwatch.risk.RiskStatus;
import java.util.ArrayList;
import java.util.List;

/** Turns a validator's counters into its {@link RiskStatus} by a chain's {@link RiskSettings}. */
public final class RiskCalculator {
  private final RiskSettings settings;

  public RiskCalculator(RiskSettings settings) {
    this.settings = settings;
  }

  public RiskStatus assess(RiskInputs in) {
    Double rate = in.recentInSet() == 0 ? null : (double) in.recentMissed() / in.recentInSet();
    if (in.tombstoned()) {
      return new RiskStatus(RiskLevel.CRITICAL, null, 0, rate, null, null, List.of("tombstoned"));
    }
    if (in.jailed()) {
      return new RiskStatus(RiskLevel.CRITICAL, null, 0, rate, null, null, List.of("jailed"));
    }
    LivenessRule rule = in.rule();
    if (rule == null) {
      return new RiskStatus(RiskLevel.OK, null, 0, rate, null, null, List.of());
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
    return new RiskStatus(level, left, sinceCounter, rate, atRate, fullyOffline, reasons);
  }

  /** Whether a status is critical by the blocks left alone (not by the time rule). */
  public boolean criticalByBlocks(RiskStatus status, LivenessRule rule) {
    return status.blocksUntilPenalty() != null
        && rule != null
        && status.blocksUntilPenalty() <= settings.criticalBlocksLeft(rule.maxMissedBlocks());
  }
}
