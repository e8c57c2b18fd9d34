package io.valwatch.exporter.config;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The dead-man's switch: a URL pinged on every interval while every chain is healthy.
 *
 * @param url the URL to ping (a health-check service's check URL); it is a credential and never shown
 * @param interval how often to ping
 */
public record HeartbeatConfig(HttpUrl url, Duration interval) {
  /** The interval when the configuration names none. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  public HeartbeatConfig {
    Objects.requireNonNull(url, "url");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the interval must be longer than zero");
    }
  }

  /** Never shows the URL. */
  @Override
  public String toString() {
    return "HeartbeatConfig[" + url.scheme() + "://" + url.host() + "/…, every " + interval + "]";
  }
}
