package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import java.util.TreeMap;

/**
 * Posts each notification as one JSON object to any URL:
 *
 * <pre>{@code
 * {"id": "cosmoshub-4/cosmosvaloper1.../jail_imminent", "chain": "cosmoshub-4", "subject": "cosmosvaloper1...",
 *  "kind": "jail_imminent", "severity": "critical", "state": "firing", "reason": "firing",
 *  "summary": "...", "description": "...", "firing_since": "2024-05-01T02:58:00Z", "at": "2024-05-01T03:00:00Z",
 *  "labels": {"moniker": "..."}}
 * }</pre>
 *
 * Enumerations are lower case; times are RFC 3339 in UTC.
 */
final class WebhookNotifier extends BodyNotifier {
  WebhookNotifier(JsonPoster poster) {
    super(poster);
  }

  @Override
  ObjectNode body(AlertNotification notification) {
    Alert alert = notification.alert();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("id", alert.key().id());
    body.put("chain", alert.key().chainId());
    body.put("subject", alert.key().subject());
    body.put("kind", alert.key().kind());
    body.put("severity", AlertText.lower(alert.severity()));
    body.put("state", AlertText.lower(alert.state()));
    body.put("reason", AlertText.lower(notification.reason()));
    body.put("summary", alert.summary());
    body.put("description", alert.description());
    body.put("firing_since", alert.firingSince().toString());
    body.put("at", notification.at().toString());
    ObjectNode labels = body.putObject("labels");
    new TreeMap<>(alert.labels()).forEach(labels::put);
    return body;
  }
}
