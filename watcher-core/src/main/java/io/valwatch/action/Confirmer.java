package io.valwatch.action;

/**
 * Asks an endpoint other than the one the watcher prefers whether an occurrence's condition holds, before an
 * action runs on it. {@code Watcher#confirm} asks the chain's other RPC endpoints; a trigger
 * of its own may bring a confirmer that knows its rule.
 */
@FunctionalInterface
public interface Confirmer {
  /** Asks, blocking while the question travels. Never throws: a failure to ask is {@link Confirmation#UNANSWERED}. */
  Confirmation confirm(Occurrence occurrence);

  /** A confirmer for chains with one endpoint: every occurrence stands on the watcher's word. */
  static Confirmer singleEndpoint() {
    return o -> Confirmation.SINGLE_ENDPOINT;
  }
}
