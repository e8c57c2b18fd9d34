package io.valwatch.action;

/** What a second endpoint said about an occurrence. */
public enum Confirmation {
  /** Another endpoint than the one the watcher prefers sees the same. */
  CONFIRMED,
  /** Another endpoint answered and does not see it. */
  CONTRADICTED,
  /** The chain has other endpoints, but none answered the question. */
  UNANSWERED,
  /** The chain has one endpoint: there is nobody to ask, and its word stands. */
  SINGLE_ENDPOINT,
  /** The chain has other endpoints, but this kind of condition cannot be asked about on them. */
  UNCHECKABLE;

  /** Whether an action may run on this answer. */
  public boolean permits() {
    return this == CONFIRMED || this == SINGLE_ENDPOINT;
  }
}
