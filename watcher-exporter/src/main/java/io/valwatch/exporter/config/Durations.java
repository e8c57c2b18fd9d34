package io.valwatch.exporter.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as in Prometheus and Go: {@code 500ms}, {@code 2s}, {@code 1m30s}, {@code 1h}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static Duration parse(String text) {
    String value = text.strip();
    if (!WHOLE.matcher(value).matches()) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 1m30s or 1h, got '" + text + "'");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(value);
    while (part.find()) {
      BigDecimal amount = new BigDecimal(part.group(1));
      long nanosPerUnit =
          switch (part.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
          };
      total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
    }
    return total;
  }
}
