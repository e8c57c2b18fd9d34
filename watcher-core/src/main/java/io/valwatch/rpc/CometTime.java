package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;

/**
 * Reads times in the form CometBFT writes them, Go's RFC 3339 with nanoseconds in UTC ({@code
 * 2024-08-29T23:44:32.5Z}: four-digit year, upper-case {@code T} and {@code Z}, zero to nine fraction digits),
 * from characters without making a string; {@link #text} writes one back character for character. Text in any
 * other form, even one {@link java.time.Instant#parse} accepts, is not this form: callers keep such text as it
 * came.
 *
 * <p>A reader remembers the minute of the last time it read: the votes of one commit nearly all fall in the
 * same minute, so most times only need their seconds and fraction read. Not thread-safe: one per commit read.
 */
final class CometTime {
  private static final int MINUTE_LENGTH = "0000-00-00T00:00".length();
  private static final int WITHOUT_FRACTION = "0000-00-00T00:00:00Z".length();
  private static final int MAX_FRACTION_DIGITS = 9;
  private static final long DAYS_FROM_0000_03_01_TO_EPOCH = 719_468;
  private static final long NONE = Long.MIN_VALUE;
  /** What a fraction of {@code i} digits is multiplied by to make nanoseconds. */
  private static final int[] SCALE = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

  private final char[] lastMinute = new char[MINUTE_LENGTH];
  private long lastMinuteEpochSecond = NONE;
  private long epochSecond;
  private int nano;
  private int fractionDigits;

  /**
   * Reads the time in the parser's current string token.
   *
   * @return whether it is a valid time in this form; then {@link #epochSecond}, {@link #nano} and {@link
   *     #fractionDigits} describe it
   */
  boolean read(JsonParser p) throws IOException {
    return read(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  /**
   * Reads the time in {@code text[offset, offset + length)}.
   *
   * @return whether it is a valid time in this form; then {@link #epochSecond}, {@link #nano} and {@link
   *     #fractionDigits} describe it
   */
  boolean read(char[] text, int offset, int length) {
    int digits = length - WITHOUT_FRACTION - 1;
    if ((digits < 1 || digits > MAX_FRACTION_DIGITS) && length != WITHOUT_FRACTION) {
      return false;
    }
    long minute = sameMinute(text, offset) ? lastMinuteEpochSecond : minute(text, offset);
    if (minute == NONE) {
      return false;
    }
    int tens = text[offset + 17] - '0';
    int ones = text[offset + 18] - '0';
    if (text[offset + MINUTE_LENGTH] != ':' || tens < 0 || tens > 5 || ones < 0 || ones > 9
        || text[offset + length - 1] != 'Z') {
      return false;
    }
    int fraction = 0;
    if (length != WITHOUT_FRACTION) {
      fraction = text[offset + 19] == '.' ? digits(text, offset + 20, digits) : -1;
      if (fraction < 0) {
        return false;
      }
      fraction *= SCALE[digits];
    } else {
      digits = 0;
    }
    epochSecond = minute + tens * 10 + ones;
    nano = fraction;
    fractionDigits = digits;
    return true;
  }

  /** Whether the time at {@code offset} is in the minute last read, which is then valid. */
  private boolean sameMinute(char[] text, int offset) {
    if (lastMinuteEpochSecond == NONE) {
      return false;
    }
    for (int i = 0; i < MINUTE_LENGTH; i++) {
      if (lastMinute[i] != text[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /** The seconds since the epoch of the time last read. */
  long epochSecond() {
    return epochSecond;
  }

  /** The nanoseconds of the time last read. */
  int nano() {
    return nano;
  }

  /** How many fraction digits the time last read has. */
  int fractionDigits() {
    return fractionDigits;
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

  /**
   * The seconds since the epoch of the minute {@code YYYY-MM-DDTHH:MM} at {@code offset}, remembered when
   * valid; {@link #NONE} when not.
   */
  private long minute(char[] text, int offset) {
    if (text[offset + 4] != '-' || text[offset + 7] != '-' || text[offset + 10] != 'T' || text[offset + 13] != ':') {
      return NONE;
    }
    int year = digits(text, offset, 4);
    int month = digits(text, offset + 5, 2);
    int day = digits(text, offset + 8, 2);
    int hour = digits(text, offset + 11, 2);
    int minute = digits(text, offset + 14, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1
        || day > Month.of(month).length(IsoChronology.INSTANCE.isLeapYear(year))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return NONE;
    }
    System.arraycopy(text, offset, lastMinute, 0, MINUTE_LENGTH);
    lastMinuteEpochSecond = epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L;
    return lastMinuteEpochSecond;
  }

  /**
   * Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar, counted in 400-year cycles of
   * years that start on March 1, so that the leap day ends a year (as {@link java.time.LocalDate#toEpochDay}
   * counts them, without its range checks, which the caller has made).
   */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int cycle = Math.floorDiv(y, 400);
    int yearOfCycle = y - cycle * 400;
    int dayOfYear = (153 * (month <= 2 ? month + 9 : month - 3) + 2) / 5 + day - 1;
    int dayOfCycle = yearOfCycle * 365 + yearOfCycle / 4 - yearOfCycle / 100 + dayOfYear;
    return cycle * 146_097L + dayOfCycle - DAYS_FROM_0000_03_01_TO_EPOCH;
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
