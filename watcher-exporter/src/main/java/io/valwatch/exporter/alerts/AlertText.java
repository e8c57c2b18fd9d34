package io.valwatch.exporter.alerts;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The words every chat channel uses for a notification, before each applies its own markup. */
final class AlertText {
  private AlertText() {}

  /** {@code [CRITICAL FIRING] summary}, {@code [WARNING STILL FIRING] …}, {@code [RESOLVED] …} or {@code [TEST] …}. */
  static String headline(AlertNotification notification) {
    Alert alert = notification.alert();
    String tag =
        switch (notification.reason()) {
          case FIRING -> alert.severity() + " FIRING";
          case REMINDER -> alert.severity() + " STILL FIRING";
          case RESOLVED -> "RESOLVED";
          case SELF_TEST -> "TEST";
        };
    return "[" + tag + "] " + alert.summary();
  }

  /** Chain, subject, kind, severity, firing since and the alert's labels, in that order; empty values left out. */
  static Map<String, String> details(Alert alert) {
    Map<String, String> details = new LinkedHashMap<>();
    AlertKey key = alert.key();
    putIfPresent(details, "chain", key.chainId());
    putIfPresent(details, subjectName(key), key.subject());
    details.put("kind", key.kind());
    details.put("severity", lower(alert.severity()));
    details.put("firing since", alert.firingSince().toString());
    new TreeMap<>(alert.labels()).forEach((name, value) -> putIfPresent(details, name, value));
    return details;
  }

  /** What the subject is: {@code endpoint} for endpoint alerts, {@code validator} otherwise. */
  static String subjectName(AlertKey key) {
    return key.kind().startsWith("endpoint_") ? "endpoint" : "validator";
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** Escapes the characters that Slack's mrkdwn and Telegram's HTML mode treat as markup. */
  static String escapeMarkup(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String truncate(String text, int maxLength) {
    return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
  }

  private static void putIfPresent(Map<String, String> details, String name, String value) {
    if (value != null && !value.isBlank()) {
      details.putIfAbsent(name, value);
    }
  }
}
