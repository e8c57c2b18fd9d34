package io.valwatch.plugins.cosmos;

import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;

/**
 * Chains running the standard Cosmos SDK x/staking and x/slashing modules (SDK 0.47 and 0.50), read
 * through CometBFT {@code abci_query} on the chain's RPC endpoints, so no gRPC or REST endpoint is needed.
 * Selected with the id {@code cosmos-sdk}.
 */
public final class CosmosSdkPlugin implements ChainPlugin {
  /** The id chain configurations select this plugin by. */
  public static final String ID = "cosmos-sdk";

  /** Called by {@link java.util.ServiceLoader}. */
  public CosmosSdkPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ChainDataSource open(ChainContext context) {
    return new CosmosSdkDataSource(context.chainId(), context.rpcClients());
  }
}
