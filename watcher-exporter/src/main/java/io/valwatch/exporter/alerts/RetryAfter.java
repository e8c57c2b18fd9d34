package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads how long a server asked a client to wait before trying again. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait from a {@code Retry-After} header (delay in seconds, or an HTTP date), else from a JSON body's
   * {@code retry_after} (Discord, seconds, fractional) or {@code parameters.retry_after} (Telegram, seconds).
   */
  static Optional<Duration> of(String header, JsonNode body, Instant now) {
    if (header != null && !header.isBlank()) {
      Optional<Duration> fromHeader = parseHeader(header.strip(), now);
      if (fromHeader.isPresent()) {
        return fromHeader;
      }
    }
    if (body == null) {
      return Optional.empty();
    }
    JsonNode seconds = body.path("retry_after");
    if (!seconds.isNumber()) {
      seconds = body.path("parameters").path("retry_after");
    }
    if (!seconds.isNumber() || seconds.doubleValue() < 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) Math.ceil(seconds.doubleValue() * 1000)));
  }

  private static Optional<Duration> parseHeader(String header, Instant now) {
    if (header.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(header)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
