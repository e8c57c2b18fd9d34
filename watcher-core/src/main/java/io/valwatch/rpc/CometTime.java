package io.valwatch.rpc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;

/**
 * The form in which CometBFT writes times, Go's RFC 3339 with nanoseconds in UTC ({@code
 * 2024-08-29T23:44:32.5Z}: four-digit year, upper-case {@code T} and {@code Z}, zero to nine fraction digits),
 * read from characters without making a string, and written back character for character. Text in any other
 * form, even one {@link java.time.Instant#parse} accepts, is not this form: callers keep such text as it came.
 */
final class CometTime {
  /** Returned by {@link #epochSecond} for text not in this form. */
  static final long NOT_THIS_FORM = Long.MIN_VALUE;

  private static final int WITHOUT_FRACTION = "0000-00-00T00:00:00Z".length();
  private static final int MAX_FRACTION_DIGITS = 9;

  private CometTime() {}

  /**
   * The seconds since the epoch of the time in {@code text[offset, offset + length)}, or {@link #NOT_THIS_FORM}
   * when the text is not a valid time in this form.
   */
  static long epochSecond(char[] text, int offset, int length) {
    if (length != WITHOUT_FRACTION && (length < WITHOUT_FRACTION + 2 || length > WITHOUT_FRACTION + 1 + MAX_FRACTION_DIGITS)) {
      return NOT_THIS_FORM;
    }
    int at = offset;
    if (text[at + 4] != '-' || text[at + 7] != '-' || text[at + 10] != 'T' || text[at + 13] != ':'
        || text[at + 16] != ':' || text[at + length - 1] != 'Z') {
      return NOT_THIS_FORM;
    }
    int year = digits(text, at, 4);
    int month = digits(text, at + 5, 2);
    int day = digits(text, at + 8, 2);
    int hour = digits(text, at + 11, 2);
    int minute = digits(text, at + 14, 2);
    int second = digits(text, at + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1
        || day > Month.of(month).length(IsoChronology.INSTANCE.isLeapYear(year))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_THIS_FORM;
    }
    if (length != WITHOUT_FRACTION && (text[at + 19] != '.' || digits(text, at + 20, length - WITHOUT_FRACTION - 1) < 0)) {
      return NOT_THIS_FORM;
    }
    return LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second;
  }

  /** The nanoseconds of a time {@link #epochSecond} accepted. */
  static int nano(char[] text, int offset, int length) {
    int digits = fractionDigits(length);
    int nano = digits == 0 ? 0 : digits(text, offset + 20, digits);
    for (int i = digits; i < MAX_FRACTION_DIGITS; i++) {
      nano *= 10;
    }
    return nano;
  }

  /** How many fraction digits a time {@link #epochSecond} accepted has. */
  static int fractionDigits(int length) {
    return length == WITHOUT_FRACTION ? 0 : length - WITHOUT_FRACTION - 1;
  }

  /** The text of a time in this form, exactly as read: {@code fractionDigits} digits of {@code nano}. */
  static String text(long epochSecond, int nano, int fractionDigits) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    StringBuilder s = new StringBuilder(WITHOUT_FRACTION + 1 + fractionDigits);
    pad(s, t.getYear(), 4).append('-');
    pad(s, t.getMonthValue(), 2).append('-');
    pad(s, t.getDayOfMonth(), 2).append('T');
    pad(s, t.getHour(), 2).append(':');
    pad(s, t.getMinute(), 2).append(':');
    pad(s, t.getSecond(), 2);
    if (fractionDigits > 0) {
      int fraction = nano;
      for (int i = fractionDigits; i < MAX_FRACTION_DIGITS; i++) {
        fraction /= 10;
      }
      pad(s.append('.'), fraction, fractionDigits);
    }
    return s.append('Z').toString();
  }

  /** The decimal value of {@code count} ASCII digits, or -1 if one is not a digit. */
  private static int digits(char[] text, int offset, int count) {
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static StringBuilder pad(StringBuilder s, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      s.append('0');
    }
    return s.append(digits);
  }
}
