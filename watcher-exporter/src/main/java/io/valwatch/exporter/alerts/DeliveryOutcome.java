package io.valwatch.exporter.alerts;

import java.util.Locale;

/** What became of one notification on one channel; the {@code outcome} label of {@code valwatch_alerts_sent_total}. */
public enum DeliveryOutcome {
  /** The channel accepted it. */
  SENT,
  /** Every attempt failed, or the channel refused it. */
  FAILED,
  /** The channel's queue was full, or the exporter stopped before it could be sent. */
  DROPPED,
  /** Filtered on purpose: below the channel's minimum severity, or resolved during quiet hours. */
  SUPPRESSED;

  /** The label value, lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
