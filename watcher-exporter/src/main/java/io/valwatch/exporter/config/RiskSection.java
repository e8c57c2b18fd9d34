package io.valwatch.exporter.config;

import io.valwatch.risk.RiskSettings;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads a chain's {@code risk} section: the thresholds of its risk levels and alerts. */
final class RiskSection {
  private static final Set<String> RISK_KEYS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of(
                  "warning_fraction",
                  "critical_fraction",
                  "critical_time",
                  "consecutive_misses",
                  "seat_margin",
                  "rank_margin",
                  "stall_factor",
                  "lag_blocks",
                  "upgrade_silence_before",
                  "upgrade_silence_after",
                  "rate_window_blocks")));

  private RiskSection() {}

  /** The settings of {@code node}; {@link RiskSettings#defaults()} for an absent section or key. */
  static RiskSettings read(ConfigNode node) {
    if (node.isAbsent()) {
      return RiskSettings.defaults();
    }
    node.requireMapping(RISK_KEYS);
    RiskSettings defaults = RiskSettings.defaults();
    RiskSettings.Builder risk = RiskSettings.builder();

    ConfigNode warning = node.get("warning_fraction");
    double warningFraction = warning.isAbsent() ? defaults.warningFraction() : fraction(warning);
    risk.warningFraction(warningFraction);
    ConfigNode critical = node.get("critical_fraction");
    double criticalFraction = critical.isAbsent() ? defaults.criticalFraction() : fraction(critical);
    if (criticalFraction > warningFraction) {
      throw (critical.isAbsent() ? warning : critical)
          .error(
              "critical_fraction ("
                  + criticalFraction
                  + ") must not exceed warning_fraction ("
                  + warningFraction
                  + "): the critical line lies inside the warning zone");
    }
    risk.criticalFraction(criticalFraction);

    ConfigNode criticalTime = node.get("critical_time");
    if (!criticalTime.isAbsent()) {
      risk.criticalTime(criticalTime.duration());
    }
    ConfigNode consecutive = node.get("consecutive_misses");
    if (!consecutive.isAbsent()) {
      risk.consecutiveMisses(consecutive.wholeNumber(1, Long.MAX_VALUE));
    }
    ConfigNode seatMargin = node.get("seat_margin");
    if (!seatMargin.isAbsent()) {
      double margin = seatMargin.number();
      if (!(margin >= 0)) {
        throw seatMargin.error("expected a share of the seat price of at least 0, such as 0.05, got " + margin);
      }
      risk.seatMargin(margin);
    }
    ConfigNode rankMargin = node.get("rank_margin");
    if (!rankMargin.isAbsent()) {
      risk.rankMargin((int) rankMargin.wholeNumber(0, Integer.MAX_VALUE));
    }
    ConfigNode stallFactor = node.get("stall_factor");
    if (!stallFactor.isAbsent()) {
      double factor = stallFactor.number();
      if (!(factor > 0 && Double.isFinite(factor))) {
        throw stallFactor.error("expected a number of block intervals above 0, such as 5, got " + factor);
      }
      risk.stallFactor(factor);
    }
    ConfigNode lagBlocks = node.get("lag_blocks");
    if (!lagBlocks.isAbsent()) {
      risk.lagBlocks(lagBlocks.wholeNumber(0, Long.MAX_VALUE));
    }
    ConfigNode silenceBefore = node.get("upgrade_silence_before");
    if (!silenceBefore.isAbsent()) {
      risk.upgradeSilenceBefore(silenceBefore.wholeNumber(0, Long.MAX_VALUE));
    }
    ConfigNode silenceAfter = node.get("upgrade_silence_after");
    if (!silenceAfter.isAbsent()) {
      risk.upgradeSilenceAfter(silenceAfter.wholeNumber(0, Long.MAX_VALUE));
    }
    ConfigNode rateWindow = node.get("rate_window_blocks");
    if (!rateWindow.isAbsent()) {
      risk.rateWindowBlocks((int) rateWindow.wholeNumber(1, Integer.MAX_VALUE));
    }
    try {
      return risk.build();
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static double fraction(ConfigNode node) {
    double value = node.number();
    if (!(value > 0 && value <= 1)) {
      throw node.error("expected a share of the tolerated misses in (0, 1], such as 0.5, got " + value);
    }
    return value;
  }
}
