package io.valwatch.exporter.alerts;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A configured channel, before it is connected.
 *
 * @param name unique name, the {@code channel} metric label
 * @param type what it delivers to
 * @param settings the type's settings by configuration key ({@code url}, {@code token}, {@code chat_id}, {@code
 *     routing_key}, {@code api_url}, {@code generator_url}), already checked; they may hold secrets
 * @param policy filtering and retries
 * @param commandChats the chats whose commands a telegram channel's bot answers ({@code commands: true}); empty
 *     when it answers none
 */
public record ChannelSpec(
    String name, ChannelType type, Map<String, String> settings, ChannelPolicy policy, Set<String> commandChats) {
  public ChannelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(policy, "policy");
    settings = Map.copyOf(settings);
    commandChats = Set.copyOf(commandChats);
    if (!commandChats.isEmpty() && type != ChannelType.TELEGRAM) {
      throw new IllegalArgumentException(type.configName() + " channel '" + name + "' cannot answer commands");
    }
    for (String required : type.requiredSettings()) {
      if (!settings.containsKey(required)) {
        throw new IllegalArgumentException(type.configName() + " channel '" + name + "' needs '" + required + "'");
      }
    }
  }

  /** A channel that answers no commands. */
  public ChannelSpec(String name, ChannelType type, Map<String, String> settings, ChannelPolicy policy) {
    this(name, type, settings, policy, Set.of());
  }

  /** Never shows the settings: they hold secrets. */
  @Override
  public String toString() {
    return "ChannelSpec[" + name + ", " + type.configName() + "]";
  }
}
