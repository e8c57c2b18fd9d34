package io.valwatch.action;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an effect passes on about an occurrence, under one name each: {@code action}, {@code episode},
 * {@code chain}, {@code subject}, {@code kind}, {@code severity} (lower case), {@code summary},
 * {@code description} and {@code firing_since}, the names of the alert webhook's body. A command gets them
 * as {@code VALWATCH_} variables, a POST as JSON fields.
 */
final class OccurrenceFields {
  private OccurrenceFields() {}

  static Map<String, String> of(String action, Occurrence o) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("action", action);
    fields.put("episode", o.episode());
    fields.put("chain", o.chainId());
    fields.put("subject", o.subject());
    fields.put("kind", o.kind());
    fields.put("severity", o.severity().name().toLowerCase(Locale.ROOT));
    fields.put("summary", o.summary());
    fields.put("description", o.description());
    fields.put("firing_since", o.firingSince().toString());
    return fields;
  }

  /** The environment variable of a field or label: {@code VALWATCH_KIND}, {@code VALWATCH_LABEL_MONIKER}. */
  static String variable(String name) {
    return "VALWATCH_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
