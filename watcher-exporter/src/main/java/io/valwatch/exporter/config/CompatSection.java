package io.valwatch.exporter.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the top-level {@code compat} list: other exporters whose metrics are served too. An entry is a name
 * ({@code kiln}) or a mapping with {@code name} and that exporter's settings ({@code namespace}).
 */
final class CompatSection {
  private static final String KILN = "kiln";
  private static final Set<String> KILN_KEYS = ConfigLoader.orderedSet("name", "namespace");

  private CompatSection() {}

  /** kiln's settings when the list names it; empty when absent or not valid (every problem recorded). */
  static Optional<KilnCompat> read(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent()) {
      return Optional.empty();
    }
    KilnCompat kiln = null;
    boolean listed = false;
    for (ConfigNode entry : errors.read(node::elements).orElse(List.of())) {
      ConfigNode name = entry.isMapping() ? entry.get("name") : entry;
      if (entry.isMapping() && !entry.checkMapping(KILN_KEYS, errors)) {
        continue;
      }
      Optional<String> known = errors.read(() -> knownName(name));
      if (known.isEmpty()) {
        continue;
      }
      if (listed) {
        errors.add(name.error("'" + KILN + "' is listed twice"));
        continue;
      }
      listed = true;
      ConfigNode namespace = entry.get("namespace");
      kiln =
          !entry.isMapping() || namespace.isAbsent()
              ? KilnCompat.DEFAULT
              : errors.read(() -> kiln(namespace)).orElse(null);
    }
    return Optional.ofNullable(kiln);
  }

  private static String knownName(ConfigNode name) {
    String value = name.text().strip();
    if (!value.equals(KILN)) {
      throw name.error("unknown exporter '" + value + "'; known: " + KILN);
    }
    return value;
  }

  private static KilnCompat kiln(ConfigNode namespace) {
    try {
      return new KilnCompat(namespace.text().strip());
    } catch (IllegalArgumentException e) {
      throw namespace.error(e.getMessage());
    }
  }
}
