/**
 * The chain plugin service-provider interface: a {@link io.valwatch.spi.ChainPlugin}, found through {@link
 * java.util.ServiceLoader} or registered in a {@link io.valwatch.spi.ChainPluginRegistry}, reads a chain's
 * staking, slashing and governance data ({@link io.valwatch.spi.ChainDataSource}) and may supply its own
 * {@link io.valwatch.spi.BlockSource}. See docs/plugins.md.
 *
 * <p>Stability: evolving, for plugin authors. Interfaces may gain methods with defaults and data types may
 * gain components in a minor version; anything else is listed under "Contract changes" in the changelog.
 */
package io.valwatch.spi;
