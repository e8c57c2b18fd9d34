package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;

/**
 * Posts to a Discord webhook: {@code content} (the headline), one embed with title, description, colour by
 * severity, a field per detail and the time, and {@code allowed_mentions} that allows none, so that a moniker
 * cannot ping {@code @everyone}.
 */
final class DiscordNotifier extends BodyNotifier {
  private static final int MAX_CONTENT = 2000;
  private static final int MAX_TITLE = 256;
  private static final int MAX_DESCRIPTION = 4096;
  private static final int MAX_FIELD_VALUE = 1024;
  private static final int RED = 0xD62828;
  private static final int ORANGE = 0xF77F00;
  private static final int BLUE = 0x3A86FF;
  private static final int GREEN = 0x2A9D8F;

  DiscordNotifier(JsonPoster poster) {
    super(poster);
  }

  @Override
  ObjectNode body(AlertNotification notification) {
    Alert alert = notification.alert();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("content", AlertText.truncate(AlertText.headline(notification), MAX_CONTENT));
    ObjectNode embed = body.putArray("embeds").addObject();
    embed.put("title", AlertText.truncate(alert.summary(), MAX_TITLE));
    embed.put("description", AlertText.truncate(alert.description(), MAX_DESCRIPTION));
    embed.put("color", colour(notification));
    ArrayNode fields = embed.putArray("fields");
    AlertText.details(alert)
        .forEach(
            (name, value) ->
                fields
                    .addObject()
                    .put("name", name)
                    .put("value", AlertText.truncate(value, MAX_FIELD_VALUE))
                    .put("inline", true));
    embed.put("timestamp", notification.at().toString());
    body.putObject("allowed_mentions").putArray("parse");
    return body;
  }

  private static int colour(AlertNotification notification) {
    if (notification.reason() == AlertNotification.Reason.RESOLVED) {
      return GREEN;
    }
    return switch (notification.alert().severity()) {
      case CRITICAL -> RED;
      case WARNING -> ORANGE;
      case INFO -> BLUE;
    };
  }
}
