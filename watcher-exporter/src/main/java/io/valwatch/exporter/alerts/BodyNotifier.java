package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.AlertNotification;

/** A notifier that posts one JSON body per notification; the channel decides the body's shape. */
abstract class BodyNotifier implements Notifier {
  private final JsonPoster poster;

  BodyNotifier(JsonPoster poster) {
    this.poster = poster;
  }

  @Override
  public final void send(AlertNotification notification) throws DeliveryException {
    poster.post(body(notification));
  }

  /** The channel's payload for {@code notification}. */
  abstract ObjectNode body(AlertNotification notification);
}
