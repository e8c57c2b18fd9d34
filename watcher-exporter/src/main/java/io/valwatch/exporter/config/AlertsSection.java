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
import java.util.regex.Pattern;
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
  /** What a telegram channel takes besides its settings: chat commands. */
  private static final List<String> COMMAND_KEYS = List.of("commands", "allowed_chats");
  private static final Pattern CHAT_ID = Pattern.compile("-?\\d+");
  private static final int MAX_ATTEMPTS_LIMIT = 20;

  private AlertsSection() {}

  /** The alerts section; {@link AlertsConfig#NONE} when absent or not valid (every problem recorded). */
  static AlertsConfig read(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent() || !node.checkMapping(ALERTS_KEYS, errors)) {
      return AlertsConfig.NONE;
    }
    ConfigNode selfTest = node.get("self_test");
    boolean selfTestOn = !selfTest.isAbsent() && errors.read(selfTest::bool).orElse(false);
    List<ChannelSpec> channels = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, String> commandPollerByToken = new HashMap<>();
    for (ConfigNode channelNode : errors.read(node.get("channels")::elements).orElse(List.of())) {
      channel(channelNode, errors)
          .ifPresent(
              channel -> {
                if (!names.add(channel.name())) {
                  errors.add(channelNode.get("name").error("channel '" + channel.name() + "' is configured twice"));
                  return;
                }
                channels.add(channel);
                if (!channel.commandChats().isEmpty()) {
                  String other = commandPollerByToken.putIfAbsent(channel.settings().get("token"), channel.name());
                  if (other != null) {
                    errors.add(
                        channelNode.get("commands").error(
                            "channel '" + other + "' already answers this bot's commands; Telegram lets one poller"
                                + " read a bot's updates: list every chat in that channel's allowed_chats"));
                  }
                }
              });
    }
    return new AlertsConfig(selfTestOn, channels, lifecycle(node, errors));
  }

  private static AlertSettings lifecycle(ConfigNode node, ConfigErrors errors) {
    AlertSettings settings = AlertSettings.defaults();
    settings = optionalDuration(node.get("pending_for"), errors).map(settings::withPendingFor).orElse(settings);
    settings =
        optionalDuration(node.get("endpoint_pending_for"), errors)
            .map(settings::withEndpointPendingFor)
            .orElse(settings);
    settings = optionalDuration(node.get("resolve_after"), errors).map(settings::withResolveAfter).orElse(settings);
    settings =
        optionalDuration(node.get("renotify_interval"), errors).map(settings::withRenotifyInterval).orElse(settings);
    return settings;
  }

  private static Optional<Duration> optionalDuration(ConfigNode node, ConfigErrors errors) {
    return node.isAbsent() ? Optional.empty() : errors.read(node::duration);
  }

  /** The channel of {@code node}; empty when any of its keys has a problem, all of them recorded. */
  private static Optional<ChannelSpec> channel(ConfigNode node, ConfigErrors errors) {
    if (!node.isMapping()) {
      errors.add(node.error("expected a mapping with name, type and the type's settings"));
      return Optional.empty();
    }
    int problemsBefore = errors.count();
    Optional<String> name = errors.read(() -> name(node.get("name")));
    ConfigNode typeNode = node.get("type");
    Optional<ChannelType> type = errors.read(() -> type(typeNode));
    Set<String> allowed = new LinkedHashSet<>(List.of("name", "type"));
    // Without a known type its settings are unknown, so only the policy keys are checked.
    type.ifPresent(
        known -> {
          allowed.addAll(known.requiredSettings());
          allowed.addAll(known.optionalSettings());
          if (known == ChannelType.TELEGRAM) {
            allowed.addAll(COMMAND_KEYS);
          }
        });
    allowed.addAll(POLICY_KEYS);
    if (type.isPresent()) {
      node.checkMapping(allowed, errors);
    }

    Map<String, String> settings = new HashMap<>();
    type.ifPresent(
        known -> {
          for (String key : known.requiredSettings()) {
            errors.read(() -> setting(node.get(key), known)).ifPresent(value -> settings.put(key, value));
          }
          for (String key : known.optionalSettings()) {
            if (!node.get(key).isAbsent()) {
              errors.read(() -> setting(node.get(key), known)).ifPresent(value -> settings.put(key, value));
            }
          }
        });
    ChannelPolicy policy = policy(node, errors);
    Set<String> commandChats =
        type.filter(t -> t == ChannelType.TELEGRAM).map(t -> commandChats(node, settings, errors)).orElse(Set.of());
    if (errors.count() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(new ChannelSpec(name.orElseThrow(), type.orElseThrow(), settings, policy, commandChats));
  }

  /**
   * The chats a telegram channel answers commands from: none without {@code commands: true}, else
   * {@code allowed_chats}, by default the channel's own numeric {@code chat_id}.
   */
  private static Set<String> commandChats(ConfigNode node, Map<String, String> settings, ConfigErrors errors) {
    ConfigNode commands = node.get("commands");
    ConfigNode allowedChats = node.get("allowed_chats");
    boolean on = !commands.isAbsent() && errors.read(commands::bool).orElse(false);
    if (!on) {
      if (!allowedChats.isAbsent()) {
        errors.add(allowedChats.error("has no effect without commands: true"));
      }
      return Set.of();
    }
    if (allowedChats.isAbsent()) {
      String chatId = settings.get("chat_id");
      if (chatId != null && !CHAT_ID.matcher(chatId).matches()) {
        errors.add(
            commands.error(
                "needs allowed_chats: chat_id '" + chatId + "' is a name, and commands come from numeric chat ids"));
        return Set.of();
      }
      return chatId == null ? Set.of() : Set.of(chatId);
    }
    Set<String> chats = new LinkedHashSet<>();
    List<ConfigNode> elements = errors.read(allowedChats::elements).orElse(List.of());
    for (ConfigNode chat : elements) {
      errors.read(() -> chatId(chat)).ifPresent(chats::add);
    }
    if (elements.isEmpty()) {
      errors.add(allowedChats.error("is empty: list the numeric ids of the chats whose commands are answered"));
    }
    return chats;
  }

  private static String chatId(ConfigNode node) {
    Object value = node.plainValue();
    String text = value instanceof Number number ? number.toString() : node.text().strip();
    if (!CHAT_ID.matcher(text).matches()) {
      throw node.error("expected a numeric chat id such as -1001234567890, got '" + text + "'");
    }
    return text;
  }

  private static String name(ConfigNode node) {
    String name = node.text().strip();
    if (name.isEmpty()) {
      throw node.error("is empty");
    }
    return name;
  }

  private static ChannelType type(ConfigNode node) {
    String typeName = node.text().strip();
    return ChannelType.forConfigName(typeName)
        .orElseThrow(
            () ->
                node.error(
                    "unknown channel type '"
                        + typeName
                        + "'; expected one of: "
                        + Arrays.stream(ChannelType.values())
                            .map(ChannelType::configName)
                            .collect(Collectors.joining(", "))));
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

  private static ChannelPolicy policy(ConfigNode node, ConfigErrors errors) {
    ChannelPolicy policy = ChannelPolicy.DEFAULT;
    ConfigNode minSeverity = node.get("min_severity");
    if (!minSeverity.isAbsent()) {
      policy = errors.read(() -> severity(minSeverity)).map(policy::withMinSeverity).orElse(policy);
    }
    ConfigNode timezone = node.get("timezone");
    Optional<ZoneId> zone = timezone.isAbsent() ? Optional.of(ZoneOffset.UTC) : errors.read(() -> zone(timezone));
    ConfigNode quietHours = node.get("quiet_hours");
    if (!quietHours.isAbsent()) {
      if (zone.isPresent()) {
        policy = errors.read(() -> quietHours(quietHours, zone.get())).map(policy::withQuietHours).orElse(policy);
      }
    } else if (!timezone.isAbsent()) {
      errors.add(timezone.error("has no effect without quiet_hours"));
    }
    ConfigNode timeout = node.get("timeout");
    if (!timeout.isAbsent()) {
      policy = errors.read(timeout::positiveDuration).map(policy::withTimeout).orElse(policy);
    }
    ConfigNode maxAttempts = node.get("max_attempts");
    if (!maxAttempts.isAbsent()) {
      ChannelPolicy withoutAttempts = policy;
      policy =
          errors
              .read(() -> maxAttempts.wholeNumber(1, MAX_ATTEMPTS_LIMIT))
              .map(attempts -> withoutAttempts.withMaxAttempts(attempts.intValue()))
              .orElse(policy);
    }
    return policy;
  }

  private static Severity severity(ConfigNode node) {
    String text = node.text().strip().toUpperCase(Locale.ROOT);
    try {
      return Severity.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw node.error("expected info, warning or critical, got '" + node.text() + "'");
    }
  }

  private static ZoneId zone(ConfigNode node) {
    try {
      return ZoneId.of(node.text().strip());
    } catch (DateTimeException e) {
      throw node.error("expected a time zone such as UTC or Europe/Berlin, got '" + node.text() + "'");
    }
  }

  private static QuietHours quietHours(ConfigNode node, ZoneId zone) {
    try {
      return QuietHours.parse(node.text(), zone);
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }
}
