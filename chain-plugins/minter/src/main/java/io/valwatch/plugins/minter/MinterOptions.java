package io.valwatch.plugins.minter;

import io.valwatch.model.LivenessRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Minter plugin's settings.
 *
 * @param rules which penalty rules the network runs
 * @param jailBlocks the jail length of the v2 rules, in blocks
 * @param blockTime the mean time between blocks, to turn block heights into times
 */
record MinterOptions(Rules rules, long jailBlocks, Duration blockTime) {
  static final String RULES = "rules";
  static final String JAIL_BLOCKS = "jail_blocks";
  static final String BLOCK_TIME = "block_time";
  static final Set<String> NAMES = Set.of(RULES, JAIL_BLOCKS, BLOCK_TIME);

  /** The 24-block absence window and the 12 absences it tolerates, in every Minter version. */
  static final long WINDOW_BLOCKS = 24;
  static final long MAX_ABSENT = 12;
  static final long MAINNET_JAIL_BLOCKS = 17_280;
  /** {@code timeout_commit} 4.2 s plus proposing: Minter's constants assume 17,280 blocks a day. */
  static final Duration MAINNET_BLOCK_TIME = Duration.ofSeconds(5);
  private static final BigDecimal V1_DOWNTIME_SLASH = new BigDecimal("0.01");

  /** Minter's penalty rules for downtime. */
  enum Rules {
    /** Since v2.0: jailed for a number of blocks and switched off, no slash. */
    V2,
    /** v1.x: 1 % of every stake slashed and switched off. */
    V1
  }

  /** The defaults: v2 rules, 17,280 blocks of jail, 5-second blocks. */
  static MinterOptions defaults() {
    return new MinterOptions(Rules.V2, MAINNET_JAIL_BLOCKS, MAINNET_BLOCK_TIME);
  }

  /**
   * Reads the options of a chain's configuration.
   *
   * @throws IllegalArgumentException naming the option and the value when one is not valid
   */
  static MinterOptions parse(Map<String, Object> options) {
    MinterOptions d = defaults();
    Rules rules = d.rules();
    Object rawRules = options.get(RULES);
    if (rawRules != null) {
      rules = switch (rawRules.toString().strip().toLowerCase(Locale.ROOT)) {
        case "v2" -> Rules.V2;
        case "v1" -> Rules.V1;
        default -> throw invalid(RULES, rawRules, "expected v2 (jail for blocks) or v1 (1 % slash)");
      };
    }
    long jailBlocks = d.jailBlocks();
    Object rawJail = options.get(JAIL_BLOCKS);
    if (rawJail != null) {
      try {
        jailBlocks = Long.parseLong(rawJail.toString().strip().replace("_", ""));
      } catch (NumberFormatException e) {
        throw invalid(JAIL_BLOCKS, rawJail, "expected a whole number of blocks");
      }
      if (jailBlocks <= 0) {
        throw invalid(JAIL_BLOCKS, rawJail, "must be positive");
      }
    }
    Duration blockTime = d.blockTime();
    Object rawTime = options.get(BLOCK_TIME);
    if (rawTime != null) {
      blockTime = duration(rawTime);
    }
    return new MinterOptions(rules, jailBlocks, blockTime);
  }

  /** The downtime rule these options describe: more than 12 absences in 24 blocks is punished. */
  LivenessRule livenessRule() {
    return switch (rules) {
      case V2 -> new LivenessRule(WINDOW_BLOCKS, MAX_ABSENT, LivenessRule.Penalty.JAIL_FOR_BLOCKS, Duration.ZERO,
          jailBlocks, BigDecimal.ZERO);
      case V1 -> new LivenessRule(WINDOW_BLOCKS, MAX_ABSENT, LivenessRule.Penalty.SWITCH_OFF, Duration.ZERO, 0,
          V1_DOWNTIME_SLASH);
    };
  }

  /** A {@link Duration}, a number of seconds, or text such as {@code 5s}, {@code 4.2s}, {@code 500ms}, {@code PT5S}. */
  private static Duration duration(Object raw) {
    Duration parsed;
    if (raw instanceof Duration d) {
      parsed = d;
    } else if (raw instanceof Number n) {
      parsed = seconds(new BigDecimal(n.toString()));
    } else {
      String text = raw.toString().strip().toLowerCase(Locale.ROOT);
      try {
        if (text.startsWith("pt")) {
          parsed = Duration.parse(text);
        } else if (text.endsWith("ms")) {
          parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).strip()));
        } else if (text.endsWith("s")) {
          parsed = seconds(new BigDecimal(text.substring(0, text.length() - 1).strip()));
        } else {
          parsed = seconds(new BigDecimal(text));
        }
      } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
        throw invalid(BLOCK_TIME, raw, "expected a duration such as 5s, 4.2s or 500ms");
      }
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw invalid(BLOCK_TIME, raw, "must be positive");
    }
    return parsed;
  }

  private static Duration seconds(BigDecimal seconds) {
    return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  private static IllegalArgumentException invalid(String option, Object value, String why) {
    return new IllegalArgumentException("minter option '" + option + "' = '" + value + "' is not valid: " + why);
  }
}
