package io.valwatch.exporter.alerts;

import java.util.Objects;

/**
 * A named destination for notifications.
 *
 * @param name the channel's name, unique, used in logs and as the {@code channel} metric label
 * @param description what the channel is, for logs, such as {@code slack https://hooks.slack.com/…}; never a
 *     secret
 * @param notifier delivers to it
 * @param policy how it filters and retries
 */
public record Channel(String name, String description, Notifier notifier, ChannelPolicy policy) {
  public Channel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(policy, "policy");
  }
}
