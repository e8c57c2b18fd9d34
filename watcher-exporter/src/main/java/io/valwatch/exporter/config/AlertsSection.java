package io.valwatch.exporter.config;

import io.valwatch.alert.Severity;
import io.valwatch.exporter.alerts.ChannelPolicy;
import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.exporter.alerts.ChannelType;
import io.valwatch.exporter.alerts.Channels;
import io.valwatch.exporter.alerts.QuietHours;
import io.valwatch.risk.AlertSettings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the {@code alerts} section of the configuration file. */
final class AlertsSection {
  private static final Set<String> ALERTS_KEYS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of(
                  "pending_for", "endpoint_pending_for", "resolve_after", "renotify_interval", "self_test",
                  "channels")));
  private static final List<String> POLICY_KEYS =
      List.of("min_severity", "quiet_hours", "timezone", "timeout", "max_attempts");
  private static final int MAX_ATTEMPTS_LIMIT = 20;

  private AlertsSection() {}

  static AlertsConfig read(ConfigNode node) {
    if (node.isAbsent()) {
      return AlertsConfig.NONE;
    }
    node.requireMapping(ALERTS_KEYS);
    ConfigNode selfTest = node.get("self_test");
    List<ChannelSpec> channels = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode channelNode : node.get("channels").elements()) {
      ChannelSpec channel = channel(channelNode);
      if (!names.add(channel.name())) {
        throw channelNode.get("name").error("channel '" + channel.name() + "' is configured twice");
      }
      channels.add(channel);
    }
    return new AlertsConfig(!selfTest.isAbsent() && selfTest.bool(), channels, lifecycle(node));
  }

  private static AlertSettings lifecycle(ConfigNode node) {
    AlertSettings settings = AlertSettings.defaults();
    settings = optionalDuration(node.get("pending_for")).map(settings::withPendingFor).orElse(settings);
    settings =
        optionalDuration(node.get("endpoint_pending_for")).map(settings::withEndpointPendingFor).orElse(settings);
    settings = optionalDuration(node.get("resolve_after")).map(settings::withResolveAfter).orElse(settings);
    settings = optionalDuration(node.get("renotify_interval")).map(settings::withRenotifyInterval).orElse(settings);
    return settings;
  }

  private static Optional<Duration> optionalDuration(ConfigNode node) {
    return node.isAbsent() ? Optional.empty() : Optional.of(node.duration());
  }

  private static ChannelSpec channel(ConfigNode node) {
    if (!node.isMapping()) {
      throw node.error("expected a mapping with name, type and the type's settings");
    }
    String name = node.get("name").text().strip();
    if (name.isEmpty()) {
      throw node.get("name").error("is empty");
    }
    ConfigNode typeNode = node.get("type");
    String typeName = typeNode.text().strip();
    ChannelType type =
        ChannelType.forConfigName(typeName)
            .orElseThrow(
                () ->
                    typeNode.error(
                        "unknown channel type '"
                            + typeName
                            + "'; expected one of: "
                            + Arrays.stream(ChannelType.values())
                                .map(ChannelType::configName)
                                .collect(Collectors.joining(", "))));
    Set<String> allowed = new LinkedHashSet<>(List.of("name", "type"));
    allowed.addAll(type.requiredSettings());
    allowed.addAll(type.optionalSettings());
    allowed.addAll(POLICY_KEYS);
    node.requireMapping(allowed);

    Map<String, String> settings = new HashMap<>();
    for (String key : type.requiredSettings()) {
      settings.put(key, setting(node.get(key), type));
    }
    for (String key : type.optionalSettings()) {
      if (!node.get(key).isAbsent()) {
        settings.put(key, setting(node.get(key), type));
      }
    }
    return new ChannelSpec(name, type, settings, policy(node));
  }

  /** A non-empty setting; URLs are checked without ever being shown. */
  private static String setting(ConfigNode node, ChannelType type) {
    if (node.isAbsent()) {
      throw node.error("is required for a " + type.configName() + " channel");
    }
    // A chat id may be written as a number.
    String value = node.plainValue() instanceof Number number ? number.toString() : node.text().strip();
    if (value.isEmpty()) {
      throw node.error("is empty (is its environment variable set to an empty string?)");
    }
    String key = node.keyPath().substring(node.keyPath().lastIndexOf('.') + 1);
    if (ChannelType.isUrlSetting(key)) {
      try {
        Channels.parseUrl(value, "the value");
      } catch (IllegalArgumentException e) {
        throw node.error(e.getMessage());
      }
    }
    return value;
  }

  private static ChannelPolicy policy(ConfigNode node) {
    ChannelPolicy policy = ChannelPolicy.DEFAULT;
    ConfigNode minSeverity = node.get("min_severity");
    if (!minSeverity.isAbsent()) {
      String text = minSeverity.text().strip().toUpperCase(Locale.ROOT);
      try {
        policy = policy.withMinSeverity(Severity.valueOf(text));
      } catch (IllegalArgumentException e) {
        throw minSeverity.error("expected info, warning or critical, got '" + minSeverity.text() + "'");
      }
    }
    ConfigNode timezone = node.get("timezone");
    ZoneId zone = ZoneOffset.UTC;
    if (!timezone.isAbsent()) {
      try {
        zone = ZoneId.of(timezone.text().strip());
      } catch (DateTimeException e) {
        throw timezone.error("expected a time zone such as UTC or Europe/Berlin, got '" + timezone.text() + "'");
      }
    }
    ConfigNode quietHours = node.get("quiet_hours");
    if (!quietHours.isAbsent()) {
      try {
        policy = policy.withQuietHours(QuietHours.parse(quietHours.text(), zone));
      } catch (IllegalArgumentException e) {
        throw quietHours.error(e.getMessage());
      }
    } else if (!timezone.isAbsent()) {
      throw timezone.error("has no effect without quiet_hours");
    }
    ConfigNode timeout = node.get("timeout");
    if (!timeout.isAbsent()) {
      Duration limit = timeout.duration();
      if (limit.isZero()) {
        throw timeout.error("must be longer than zero");
      }
      policy = policy.withTimeout(limit);
    }
    ConfigNode maxAttempts = node.get("max_attempts");
    if (!maxAttempts.isAbsent()) {
      policy = policy.withMaxAttempts((int) maxAttempts.wholeNumber(1, MAX_ATTEMPTS_LIMIT));
    }
    return policy;
  }
}
