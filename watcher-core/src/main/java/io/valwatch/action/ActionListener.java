package io.valwatch.action;

/**
 * Hears every attempt of every action, on the action's thread: the exporter counts them and sends them to
 * the alert channels. One that throws is logged and ignored.
 */
@FunctionalInterface
public interface ActionListener {
  void onAttempt(ActionAttempt attempt);
}
