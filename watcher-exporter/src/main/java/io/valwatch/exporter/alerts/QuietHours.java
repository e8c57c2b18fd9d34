package io.valwatch.exporter.alerts;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window, such as {@code 22:00-07:00} in {@code Europe/Berlin}, during which a channel holds its
 * non-critical notifications. The start is inclusive and the end exclusive; a window whose end is not after
 * its start runs past midnight.
 *
 * @param start when the window opens, local time
 * @param end when it closes, local time
 * @param zone the time zone of {@code start} and {@code end}
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {
  private static final Pattern WINDOW = Pattern.compile("\\s*(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})\\s*");

  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours start and end at the same time " + start);
    }
  }

  /**
   * Parses {@code HH:MM-HH:MM}.
   *
   * @throws IllegalArgumentException when {@code window} is not in that form
   */
  public static QuietHours parse(String window, ZoneId zone) {
    Matcher matcher = WINDOW.matcher(window);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("expected a window such as \"22:00-07:00\", got '" + window + "'");
    }
    return new QuietHours(time(matcher.group(1)), time(matcher.group(2)), zone);
  }

  private static LocalTime time(String text) {
    String padded = text.length() == 4 ? "0" + text : text;
    try {
      return LocalTime.parse(padded);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time of day (00:00 to 23:59)");
    }
  }

  /** True when {@code instant} falls inside the window. */
  public boolean contains(Instant instant) {
    LocalTime local = instant.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /** The next time the window closes after {@code instant}. */
  public Instant nextEnd(Instant instant) {
    ZonedDateTime here = instant.atZone(zone);
    ZonedDateTime end = here.with(this.end);
    if (!end.isAfter(here)) {
      end = here.plusDays(1).with(this.end);
    }
    return end.toInstant();
  }

  @Override
  public String toString() {
    return start + "-" + end + " " + zone;
  }
}
