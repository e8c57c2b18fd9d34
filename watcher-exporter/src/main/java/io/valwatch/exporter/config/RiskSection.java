package io.valwatch.exporter.config;

import io.valwatch.risk.RiskSettings;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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

  /**
   * The settings of {@code node}; {@link RiskSettings#defaults()} for an absent section or key, empty when a
   * key has a problem (every problem recorded in {@code errors}).
   */
  static Optional<RiskSettings> read(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent()) {
      return Optional.of(RiskSettings.defaults());
    }
    int problemsBefore = errors.count();
    if (!node.checkMapping(RISK_KEYS, errors)) {
      return Optional.empty();
    }
    RiskSettings defaults = RiskSettings.defaults();
    RiskSettings.Builder risk = RiskSettings.builder();

    ConfigNode warning = node.get("warning_fraction");
    Optional<Double> warningFraction =
        warning.isAbsent() ? Optional.of(defaults.warningFraction()) : errors.read(() -> fraction(warning));
    ConfigNode critical = node.get("critical_fraction");
    Optional<Double> criticalFraction =
        critical.isAbsent() ? Optional.of(defaults.criticalFraction()) : errors.read(() -> fraction(critical));
    if (warningFraction.isPresent() && criticalFraction.isPresent()) {
      double warningShare = warningFraction.get();
      double criticalShare = criticalFraction.get();
      if (criticalShare > warningShare) {
        errors.add(
            (critical.isAbsent() ? warning : critical)
                .error(
                    "critical_fraction ("
                        + criticalShare
                        + ") must not exceed warning_fraction ("
                        + warningShare
                        + "): the critical line lies inside the warning zone"));
      }
      risk.warningFraction(warningShare).criticalFraction(criticalShare);
    }

    ConfigNode criticalTime = node.get("critical_time");
    if (!criticalTime.isAbsent()) {
      errors.read(criticalTime::duration).ifPresent(risk::criticalTime);
    }
    wholeNumber(node.get("consecutive_misses"), 1, Long.MAX_VALUE, errors).ifPresent(risk::consecutiveMisses);
    ConfigNode seatMargin = node.get("seat_margin");
    if (!seatMargin.isAbsent()) {
      errors.read(() -> seatMargin(seatMargin)).ifPresent(risk::seatMargin);
    }
    wholeNumber(node.get("rank_margin"), 0, Integer.MAX_VALUE, errors)
        .ifPresent(margin -> risk.rankMargin(margin.intValue()));
    ConfigNode stallFactor = node.get("stall_factor");
    if (!stallFactor.isAbsent()) {
      errors.read(() -> stallFactor(stallFactor)).ifPresent(risk::stallFactor);
    }
    wholeNumber(node.get("lag_blocks"), 0, Long.MAX_VALUE, errors).ifPresent(risk::lagBlocks);
    wholeNumber(node.get("upgrade_silence_before"), 0, Long.MAX_VALUE, errors)
        .ifPresent(risk::upgradeSilenceBefore);
    wholeNumber(node.get("upgrade_silence_after"), 0, Long.MAX_VALUE, errors)
        .ifPresent(risk::upgradeSilenceAfter);
    wholeNumber(node.get("rate_window_blocks"), 1, Integer.MAX_VALUE, errors)
        .ifPresent(window -> risk.rateWindowBlocks(window.intValue()));
    if (errors.count() > problemsBefore) {
      return Optional.empty();
    }
    return errors.read(
        () -> {
          try {
            return risk.build();
          } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
          }
        });
  }

  private static Optional<Long> wholeNumber(ConfigNode node, long min, long max, ConfigErrors errors) {
    return node.isAbsent() ? Optional.empty() : errors.read(() -> node.wholeNumber(min, max));
  }

  private static double seatMargin(ConfigNode node) {
    double margin = node.number();
    if (!(margin >= 0)) {
      throw node.error("expected a share of the seat price of at least 0, such as 0.05, got " + margin);
    }
    return margin;
  }

  private static double stallFactor(ConfigNode node) {
    double factor = node.number();
    if (!(factor > 0 && Double.isFinite(factor))) {
      throw node.error("expected a number of block intervals above 0, such as 5, got " + factor);
    }
    return factor;
  }

  private static double fraction(ConfigNode node) {
    double value = node.number();
    if (!(value > 0 && value <= 1)) {
      throw node.error("expected a share of the tolerated misses in (0, 1], such as 0.5, got " + value);
    }
    return value;
  }
}
