package io.valwatch.spi;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Adds support for a family of chains whose staking and slashing modules differ. Implementations are found
 * with {@link java.util.ServiceLoader} through {@code META-INF/services/io.valwatch.spi.ChainPlugin} and
 * must have a public no-argument constructor.
 */
public interface ChainPlugin {
  /** The id a chain's configuration selects this plugin by, such as {@code cosmos-sdk}. */
  String id();

  /** Among plugins with the same id the highest priority wins. Default 5. */
  default int priority() {
    return 5;
  }

  /** False when the plugin cannot work in this runtime (a missing optional dependency, say). */
  default boolean isAvailable() {
    return true;
  }

  /**
   * The keys this plugin reads from {@link ChainContext#options()}. The core refuses a chain whose options
   * name any other key, so a typo fails at start instead of being ignored. Default: none.
   */
  default Set<String> optionNames() {
    return Set.of();
  }

  /**
   * Whether the chain behind {@code context} is one this plugin can read, judged from its answers (for
   * example, whether its staking query is served). Used when a chain's configuration names no plugin, and
   * to suggest the right plugin when the configured one fails. May block on the network. Default: false.
   */
  default boolean detect(ChainContext context) throws IOException {
    return false;
  }

  /**
   * A source of heights and votes for chains whose blocks are not read from a CometBFT RPC. Empty (the
   * default) lets the core read CometBFT RPC. Must not block on the network.
   */
  default Optional<BlockSource> openBlockSource(ChainContext context) {
    return Optional.empty();
  }

  /** Opens a source of staking and slashing data for one chain. Must not block on the network. */
  ChainDataSource open(ChainContext context);
}
