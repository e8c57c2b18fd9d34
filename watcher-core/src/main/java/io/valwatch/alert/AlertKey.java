package io.valwatch.alert;

import java.util.Objects;

/**
 * What an alert is about, stable across restarts: the same condition on the same validator always has the
 * same key, so it fires once and resolves once.
 *
 * @param chainId the chain
 * @param subject the validator's address, the endpoint (redacted), or empty for the chain itself
 * @param kind the condition, a stable lower-case name such as {@code jail_imminent}
 */
public record AlertKey(String chainId, String subject, String kind) {
  public AlertKey {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
  }

  /** A single string form, for deduplication keys (PagerDuty's {@code dedup_key}, say) and state files. */
  public String id() {
    return chainId + "/" + subject + "/" + kind;
  }
}
