package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import java.util.stream.Collectors;

/**
 * Posts to a Slack incoming webhook: {@code text} (the headline, shown in notifications) and {@code blocks}: a
 * section with the headline and description, and a context line with the details.
 */
final class SlackNotifier extends BodyNotifier {
  /** Slack's limit for the text of a section block and of a context element. */
  private static final int MAX_SECTION_TEXT = 3000;

  SlackNotifier(JsonPoster poster) {
    super(poster);
  }

  @Override
  ObjectNode body(AlertNotification notification) {
    Alert alert = notification.alert();
    String headline = AlertText.escapeMarkup(AlertText.headline(notification));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("text", headline);
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode section = blocks.addObject().put("type", "section");
    section
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", AlertText.truncate("*" + headline + "*\n" + AlertText.escapeMarkup(alert.description()), MAX_SECTION_TEXT));
    String details =
        AlertText.details(alert).entrySet().stream()
            .map(e -> e.getKey() + ": " + AlertText.escapeMarkup(e.getValue()))
            .collect(Collectors.joining(" · "));
    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", AlertText.truncate(details, MAX_SECTION_TEXT));
    return body;
  }
}
