package io.valwatch.plugins.initia;

import io.valwatch.plugins.cosmos.CosmosOptions;
import io.valwatch.plugins.cosmos.QueryTransport;
import io.valwatch.plugins.cosmos.Snapshot;
import io.valwatch.plugins.cosmos.StakingModuleDataSource;
import io.valwatch.plugins.cosmos.StakingModulePlugin;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsRequest;
import java.io.IOException;

/**
 * Initia and chains built like it: the multi-denom staking module x/mstaking ({@code initia.mstaking.v1})
 * with the standard Cosmos SDK x/slashing. Validators are ranked by their weighted {@code voting_power};
 * stake is reported per denom. Takes the same options as the {@code cosmos-sdk} plugin ({@link
 * CosmosOptions}): {@code abci_query} by default, or gRPC or REST (under {@code /initia/mstaking/v1/}).
 * Selected with the id {@code initia}.
 */
public final class InitiaPlugin extends StakingModulePlugin {
  /** The id chain configurations select this plugin by. */
  public static final String ID = "initia";

  /** Called by {@link java.util.ServiceLoader}. */
  public InitiaPlugin() {
    super(ID);
  }

  /** True when the chain answers {@code /initia.mstaking.v1.Query/Params}. */
  @Override
  protected boolean detect(Snapshot snapshot) throws IOException {
    return answers(() -> snapshot.query(InitiaDataSource.PARAMS, QueryParamsRequest.getDefaultInstance()));
  }

  @Override
  protected StakingModuleDataSource newDataSource(String chainId, QueryTransport transport, boolean stakingEnabled) {
    return new InitiaDataSource(chainId, transport, stakingEnabled);
  }
}
