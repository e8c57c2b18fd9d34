package io.valwatch.exporter.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chats muted by a {@code /mute} command, each until a time: notifications to a muted chat are suppressed
 * (counted as {@code suppressed}), critical ones too, and are not sent later. Shared by a bot's command
 * poller, which mutes, and the channel's notifier, which asks. Kept in memory only: a restart unmutes.
 */
public final class ChatMutes {
  private final Map<String, Instant> until = new ConcurrentHashMap<>();

  /** Mutes {@code chatId} until {@code end}; an end not after {@code now} unmutes it. */
  public void mute(String chatId, Instant end, Instant now) {
    if (end.isAfter(now)) {
      until.put(chatId, end);
    } else {
      until.remove(chatId);
    }
  }

  /** When the mute of {@code chatId} ends; empty when it is not muted at {@code now}. */
  public Optional<Instant> mutedUntil(String chatId, Instant now) {
    Instant end = until.get(chatId);
    return end != null && end.isAfter(now) ? Optional.of(end) : Optional.empty();
  }
}
