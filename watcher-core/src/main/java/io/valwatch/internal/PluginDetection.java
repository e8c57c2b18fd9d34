package io.valwatch.internal;

import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the installed plugins whether they recognise one chain: to choose a plugin when the configuration
 * names none, and to name the plugins that would fit when the configured one cannot read the chain. Holds
 * nothing that changes; the runner calls it on the chain's thread.
 */
final class PluginDetection {
  // The chain's log lines share the runner's category, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(PluginDetection.class);

  private final String chainId;
  private final List<ChainPlugin> candidates;

  /** @param candidates every installed plugin, in priority order */
  PluginDetection(String chainId, List<ChainPlugin> candidates) {
    this.chainId = chainId;
    this.candidates = List.copyOf(candidates);
  }

  /**
   * The first candidate that recognises the chain; logs which one, that none did, or that the chain could not
   * be asked because no endpoint answered (then no plugin is blamed).
   */
  Optional<ChainPlugin> detect(ChainContext context) {
    String unreachable = null;
    int unanswered = 0;
    for (ChainPlugin candidate : candidates) {
      try {
        if (candidate.detect(context)) {
          log.info("chain {}: detected as a '{}' chain", chainId, candidate.id());
          return Optional.of(candidate);
        }
      } catch (IOException e) {
        unanswered++;
        unreachable = unreachable == null ? e.getMessage() : unreachable;
        log.debug("chain {}: plugin '{}' could not ask the chain", chainId, candidate.id(), e);
      } catch (RuntimeException e) {
        log.warn("chain {}: plugin '{}' could not check this chain: {}", chainId, candidate.id(), e.getMessage());
      }
    }
    if (!candidates.isEmpty() && unanswered == candidates.size()) {
      log.warn(
          "chain {}: its RPC endpoints are unreachable ({}); which plugin reads it is decided once one answers",
          chainId,
          unreachable);
      return Optional.empty();
    }
    log.error(
        "chain {}: no installed plugin recognises this chain (tried {}); set 'plugin' in its configuration",
        chainId,
        candidates.stream().map(ChainPlugin::id).toList());
    return Optional.empty();
  }

  /** Logs the candidates other than {@code failing} that recognise the chain, if any do. */
  void suggestOthers(ChainPlugin failing, ChainContext context) {
    List<String> fitting = new ArrayList<>();
    for (ChainPlugin other : candidates) {
      try {
        if (other != failing && other.detect(context)) {
          fitting.add(other.id());
        }
      } catch (IOException | RuntimeException e) {
        log.debug("chain {}: plugin '{}' could not check this chain", chainId, other.id(), e);
      }
    }
    if (!fitting.isEmpty()) {
      log.error(
          "chain {}: plugin '{}' cannot read this chain; installed plugins that recognise it: {} (set 'plugin')",
          chainId, failing.id(), fitting);
    }
  }
}
