package io.valwatch.internal.risk;

import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** The routing labels of alerts. */
final class Labels {
  private Labels() {}

  /** A validator's moniker, label and configured identity; empty values are left out. */
  static Map<String, String> of(ValidatorStatus v) {
    Map<String, String> labels = new LinkedHashMap<>();
    String moniker = v.staking().flatMap(StakingStatus::moniker).orElse(null);
    put(labels, "moniker", moniker);
    put(labels, "label", v.label());
    put(labels, "identity", v.identity());
    return labels;
  }

  /** The name to call a validator by in a sentence: its moniker, else its address. */
  static String name(ValidatorStatus v) {
    String moniker = v.staking().flatMap(StakingStatus::moniker).orElse(null);
    return moniker == null || moniker.isBlank() ? v.displayAddress() : moniker;
  }

  private static void put(Map<String, String> labels, String key, String value) {
    if (value != null && !value.isEmpty()) {
      labels.put(key, value);
    }
  }
}
