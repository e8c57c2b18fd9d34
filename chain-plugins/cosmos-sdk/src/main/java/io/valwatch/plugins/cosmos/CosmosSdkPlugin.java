package io.valwatch.plugins.cosmos;

import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import java.io.IOException;

/**
 * Chains running the standard Cosmos SDK x/staking and x/slashing modules (SDK 0.47 and 0.50), and
 * consumer chains that run x/slashing without x/staking. Queries go through CometBFT {@code abci_query} on
 * the chain's RPC endpoints by default, or through gRPC or the LCD REST API ({@link CosmosOptions}).
 * Selected with the id {@code cosmos-sdk}.
 */
public final class CosmosSdkPlugin extends StakingModulePlugin {
  /** The id chain configurations select this plugin by. */
  public static final String ID = "cosmos-sdk";

  /** Called by {@link java.util.ServiceLoader}. */
  public CosmosSdkPlugin() {
    super(ID);
  }

  /**
   * True when the chain answers the standard validator query, or serves x/slashing but neither x/staking
   * query (a consumer chain). False on chains with their own staking module, such as Initia, which answer
   * the x/staking params query but not the validator queries.
   */
  @Override
  protected boolean detect(Snapshot snapshot) throws IOException {
    if (answers(() -> snapshot.query(
        CosmosSdkDataSource.VALIDATORS,
        QueryValidatorsRequest.newBuilder().setPagination(PageRequest.newBuilder().setLimit(1)).build()))) {
      return true;
    }
    return !answers(() -> snapshot.query(
            CosmosSdkDataSource.STAKING_PARAMS,
            io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest.getDefaultInstance()))
        && answers(() -> snapshot.query(SlashingReader.PARAMS, QueryParamsRequest.getDefaultInstance()));
  }

  @Override
  protected StakingModuleDataSource newDataSource(String chainId, QueryTransport transport, boolean stakingEnabled) {
    return new CosmosSdkDataSource(chainId, transport, stakingEnabled);
  }
}
