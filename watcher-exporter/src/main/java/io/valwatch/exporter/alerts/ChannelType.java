package io.valwatch.exporter.alerts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of channel the exporter can deliver to, with the settings each one takes. */
public enum ChannelType {
  /** Any URL that accepts the generic JSON body. */
  WEBHOOK(List.of("url"), List.of()),
  /** A Slack incoming webhook. */
  SLACK(List.of("url"), List.of()),
  /** A Discord webhook. */
  DISCORD(List.of("url"), List.of()),
  /** A Telegram bot writing to one chat. */
  TELEGRAM(List.of("token", "chat_id"), List.of("api_url")),
  /** A PagerDuty service's Events API v2 integration. */
  PAGERDUTY(List.of("routing_key"), List.of("url")),
  /** A Prometheus Alertmanager. */
  ALERTMANAGER(List.of("url"), List.of("generator_url"));

  private final List<String> requiredSettings;
  private final List<String> optionalSettings;

  ChannelType(List<String> requiredSettings, List<String> optionalSettings) {
    this.requiredSettings = requiredSettings;
    this.optionalSettings = optionalSettings;
  }

  /** The name used in configuration files, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code name} in a configuration file. */
  public static Optional<ChannelType> forConfigName(String name) {
    for (ChannelType type : values()) {
      if (type.configName().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The settings this type needs. */
  public List<String> requiredSettings() {
    return requiredSettings;
  }

  /** The settings this type may have. */
  public List<String> optionalSettings() {
    return optionalSettings;
  }

  /** The settings that hold an URL. */
  public static boolean isUrlSetting(String setting) {
    return setting.equals("url") || setting.equals("api_url") || setting.equals("generator_url");
  }
}
