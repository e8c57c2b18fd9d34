package io.valwatch.exporter.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/** Reads the top-level {@code heartbeat} mapping: {@code url} and {@code interval}. */
final class HeartbeatSection {
  private static final Set<String> KEYS = ConfigLoader.orderedSet("url", "interval");

  private HeartbeatSection() {}

  /** The heartbeat; empty when absent or not valid (every problem recorded). */
  static Optional<HeartbeatConfig> read(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent()) {
      return Optional.empty();
    }
    if (!node.checkMapping(KEYS, errors)) {
      return Optional.empty();
    }
    Optional<HttpUrl> url = errors.read(() -> url(node.get("url")));
    ConfigNode intervalNode = node.get("interval");
    Optional<Duration> interval =
        intervalNode.isAbsent()
            ? Optional.of(HeartbeatConfig.DEFAULT_INTERVAL)
            : errors.read(intervalNode::positiveDuration);
    if (url.isEmpty() || interval.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HeartbeatConfig(url.get(), interval.get()));
  }

  private static HttpUrl url(ConfigNode node) {
    HttpUrl url = HttpUrl.parse(node.text().strip());
    if (url == null) {
      // Not echoed: the URL is the credential.
      throw node.error("expected an http:// or https:// URL");
    }
    return url;
  }
}
