package io.valwatch.spi;

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

  /** Opens a source of staking and slashing data for one chain. Must not block on the network. */
  ChainDataSource open(ChainContext context);
}
