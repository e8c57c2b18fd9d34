package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Calls the Telegram Bot API's {@code sendMessage} ({@code POST <api>/bot<token>/sendMessage}) with {@code
 * chat_id} (a number, or a string such as {@code @channel}), {@code text} in HTML (bold headline, description,
 * details) and {@code parse_mode: HTML}, link previews disabled. The token is part of the URL and never shown.
 */
final class TelegramNotifier extends BodyNotifier {
  private static final int MAX_TEXT = 4096;
  /** Leaves room for the headline and details, so that the text is not cut inside an HTML entity. */
  private static final int MAX_DESCRIPTION = 3000;
  private static final Pattern NUMERIC_CHAT = Pattern.compile("-?\\d+");

  private final String chatId;
  private final ChatMutes mutes;
  private final Clock clock;

  TelegramNotifier(JsonPoster poster, String chatId, ChatMutes mutes, Clock clock) {
    super(poster);
    this.chatId = chatId;
    this.mutes = mutes;
    this.clock = clock;
  }

  /** Nothing while the chat is muted by {@code /mute}. */
  @Override
  public boolean handles(AlertNotification notification) {
    return mutes.mutedUntil(chatId, clock.instant()).isEmpty();
  }

  @Override
  ObjectNode body(AlertNotification notification) {
    Alert alert = notification.alert();
    StringBuilder text = new StringBuilder();
    text.append("<b>").append(AlertText.escapeMarkup(AlertText.headline(notification))).append("</b>\n");
    String description = AlertText.truncate(alert.description(), MAX_DESCRIPTION);
    text.append(AlertText.escapeMarkup(description)).append('\n');
    AlertText.details(alert)
        .forEach((name, value) -> text.append('\n').append(name).append(": ").append(AlertText.escapeMarkup(value)));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (NUMERIC_CHAT.matcher(chatId).matches()) {
      body.put("chat_id", Long.parseLong(chatId));
    } else {
      body.put("chat_id", chatId);
    }
    body.put("text", AlertText.truncate(text.toString(), MAX_TEXT));
    body.put("parse_mode", "HTML");
    body.putObject("link_preview_options").put("is_disabled", true);
    return body;
  }
}
