package io.valwatch.plugins.cosmos;

import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.util.Set;

/**
 * A plugin for Cosmos SDK chains that differ only in their staking module. It takes the options of {@link
 * CosmosOptions} and reads through the transport they choose; a subclass says how to recognise its chain
 * and, through a {@link StakingModuleDataSource}, how to read its staking module.
 */
public abstract class StakingModulePlugin implements ChainPlugin {
  private final String id;

  /** @param id the id chain configurations select the plugin by */
  protected StakingModulePlugin(String id) {
    this.id = id;
  }

  @Override
  public final String id() {
    return id;
  }

  /** The names of {@link CosmosOptions}. */
  @Override
  public final Set<String> optionNames() {
    return CosmosOptions.NAMES;
  }

  @Override
  public final boolean detect(ChainContext context) throws IOException {
    try (QueryTransport transport = CosmosOptions.openTransport(context)) {
      return detect(new Snapshot(context.chainId(), transport));
    }
  }

  /**
   * Whether the chain answering {@code snapshot} runs this plugin's staking module. {@link #answers} turns a
   * probe query into yes or no.
   *
   * @throws IOException when the chain cannot be asked, so that the answer is unknown
   */
  protected abstract boolean detect(Snapshot snapshot) throws IOException;

  @Override
  public final ChainDataSource open(ChainContext context) {
    QueryTransport transport = CosmosOptions.openTransport(context);
    return newDataSource(context.chainId(), transport, CosmosOptions.stakingEnabled(context));
  }

  /**
   * The data source of one chain.
   *
   * @param stakingEnabled the {@code staking} option: false to skip the staking module
   */
  protected abstract StakingModuleDataSource newDataSource(
      String chainId, QueryTransport transport, boolean stakingEnabled);

  /** A query whose reply does not matter, only whether the chain gives one. */
  protected interface Probe {
    /** Sends the query. */
    void run() throws IOException;
  }

  /**
   * Whether the chain answers {@code probe}: a refusal ({@link ChainQueryException}) is an answer of "no",
   * an unreachable endpoint is an error.
   */
  protected static boolean answers(Probe probe) throws IOException {
    try {
      probe.run();
      return true;
    } catch (ChainQueryException e) {
      return false;
    }
  }
}
