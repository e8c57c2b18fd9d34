package io.valwatch.exporter.config;

import io.valwatch.model.NetworkMode;
import io.valwatch.model.ValidatorFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a chain's {@code network} section, which refines {@code validators: all}: {@code include} and
 * {@code exclude} filters ({@code moniker: GLOB} or {@code ranks: FIRST-LAST}) and {@code max_tracked}.
 */
final class NetworkSection {
  private static final Set<String> NETWORK_KEYS = orderedSet("include", "exclude", "max_tracked");
  private static final Set<String> FILTER_KEYS = orderedSet("moniker", "ranks");
  private static final Pattern RANKS = Pattern.compile("\\s*(\\d{1,9})\\s*-\\s*(\\d{1,9})\\s*");
  /** Far above any chain's set; a cap beyond it is surely a typo. */
  private static final int MAX_CAP = 100_000;

  private NetworkSection() {}

  /**
   * The network mode of {@code node}; every validator up to the default cap for an absent section, empty
   * when a key has a problem (every problem recorded in {@code errors}).
   */
  static Optional<NetworkMode> read(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent()) {
      return Optional.of(NetworkMode.all());
    }
    int problemsBefore = errors.count();
    if (!node.checkMapping(NETWORK_KEYS, errors)) {
      return Optional.empty();
    }
    List<ValidatorFilter> include = filters(node.get("include"), errors);
    List<ValidatorFilter> exclude = filters(node.get("exclude"), errors);
    ConfigNode cap = node.get("max_tracked");
    int maxTracked =
        cap.isAbsent()
            ? NetworkMode.DEFAULT_MAX_TRACKED
            : errors.read(() -> (int) cap.wholeNumber(1, MAX_CAP)).orElse(NetworkMode.DEFAULT_MAX_TRACKED);
    if (errors.count() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(new NetworkMode(include, exclude, maxTracked));
  }

  private static List<ValidatorFilter> filters(ConfigNode list, ConfigErrors errors) {
    List<ValidatorFilter> filters = new ArrayList<>();
    for (ConfigNode entry : errors.read(list::elements).orElse(List.of())) {
      int problemsBefore = errors.count();
      if (!entry.checkMapping(FILTER_KEYS, errors) || errors.count() > problemsBefore) {
        continue;
      }
      ConfigNode moniker = entry.get("moniker");
      ConfigNode ranks = entry.get("ranks");
      if (moniker.isAbsent() == ranks.isAbsent()) {
        errors.add(entry.error("expected exactly one of 'moniker: PATTERN' or 'ranks: FIRST-LAST'"));
        continue;
      }
      if (!moniker.isAbsent()) {
        errors.read(() -> monikerFilter(moniker)).ifPresent(filters::add);
      } else {
        errors.read(() -> rankFilter(ranks)).ifPresent(filters::add);
      }
    }
    return filters;
  }

  private static ValidatorFilter monikerFilter(ConfigNode node) {
    String glob = node.text();
    if (glob.isBlank()) {
      throw node.error("is empty; expected a moniker pattern such as 'Kiln*' (* any characters, ? one)");
    }
    return ValidatorFilter.moniker(glob);
  }

  private static ValidatorFilter rankFilter(ConfigNode node) {
    String text = String.valueOf(node.plainValue());
    Matcher m = RANKS.matcher(text);
    if (!m.matches()) {
      throw node.error("expected a rank range FIRST-LAST such as 1-50, got '" + text + "'");
    }
    int first = Integer.parseInt(m.group(1));
    int last = Integer.parseInt(m.group(2));
    if (first < 1 || last < first) {
      throw node.error("expected a rank range FIRST-LAST with 1 <= FIRST <= LAST, got '" + text + "'");
    }
    return ValidatorFilter.ranks(first, last);
  }

  private static Set<String> orderedSet(String... values) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
  }
}
