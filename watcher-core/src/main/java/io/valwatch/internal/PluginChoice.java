package io.valwatch.internal;

import io.valwatch.model.ChainSpec;
import io.valwatch.spi.ChainPlugin;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugin a chain uses: the one its configuration names, or, when it names none, the first of the
 * candidates whose {@link ChainPlugin#detect} recognises the chain.
 *
 * @param fixed the configured plugin, empty to detect
 * @param candidates every installed plugin, in priority order
 */
public record PluginChoice(Optional<ChainPlugin> fixed, List<ChainPlugin> candidates) {
  public PluginChoice {
    candidates = List.copyOf(candidates);
  }

  /** Refuses options the plugin does not read, so a typo fails loudly instead of being ignored. */
  static void checkOptions(ChainSpec spec, ChainPlugin plugin) {
    Set<String> unknown = new TreeSet<>(spec.pluginOptions().keySet());
    unknown.removeAll(plugin.optionNames());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "chain "
              + spec.chainId()
              + ": plugin '"
              + plugin.id()
              + "' does not read the option(s) "
              + unknown
              + "; it reads "
              + new TreeSet<>(plugin.optionNames()));
    }
  }
}
