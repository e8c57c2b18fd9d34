package io.valwatch.internal;

import io.valwatch.event.WatcherListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one chain's events to the watcher's listeners, in their order; a listener that throws is
 * logged and the others still hear the event. Holds nothing that changes; the runner calls it on the
 * chain's thread.
 */
final class ChainEvents {
  // The chain's log lines share the runner's category, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(ChainEvents.class);

  private final String chainId;
  private final List<WatcherListener> listeners;

  ChainEvents(String chainId, List<WatcherListener> listeners) {
    this.chainId = chainId;
    this.listeners = List.copyOf(listeners);
  }

  void emit(Consumer<WatcherListener> call) {
    for (WatcherListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.error("chain {}: a listener failed", chainId, e);
      }
    }
  }
}
