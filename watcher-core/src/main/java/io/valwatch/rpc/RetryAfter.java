package io.valwatch.rpc;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Response;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3): delay seconds or an HTTP date. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The delay a response asks for; an HTTP date counts from the response's own {@code Date}, or from when it
   * arrived, so that the two clocks need not agree.
   */
  static Duration of(Response response) {
    Instant sent = response.headers().getInstant("Date");
    Instant now = sent != null ? sent : Instant.ofEpochMilli(response.receivedResponseAtMillis());
    return parse(response.header("Retry-After"), now);
  }

  /** The delay the header asks for, never negative; {@code null} when absent or unreadable. */
  static Duration parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
