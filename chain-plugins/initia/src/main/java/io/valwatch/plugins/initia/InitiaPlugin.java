package io.valwatch.plugins.initia;

import io.valwatch.plugins.cosmos.ChainQueryException;
import io.valwatch.plugins.cosmos.CosmosOptions;
import io.valwatch.plugins.cosmos.QueryTransport;
import io.valwatch.plugins.initia.proto.QueryParamsRequest;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.util.Set;

/**
 * Initia and chains built like it: the multi-denom staking module x/mstaking ({@code initia.mstaking.v1})
 * with the standard Cosmos SDK x/slashing. Validators are ranked by their weighted {@code voting_power};
 * stake is reported per denom. Takes the same options as the {@code cosmos-sdk} plugin ({@link
 * CosmosOptions}): {@code abci_query} by default, or gRPC or REST (under {@code /initia/mstaking/v1/}).
 * Selected with the id {@code initia}.
 */
public final class InitiaPlugin implements ChainPlugin {
  /** The id chain configurations select this plugin by. */
  public static final String ID = "initia";

  /** Called by {@link java.util.ServiceLoader}. */
  public InitiaPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> optionNames() {
    return CosmosOptions.NAMES;
  }

  /** True when the chain answers {@code /initia.mstaking.v1.Query/Params}. */
  @Override
  public boolean detect(ChainContext context) throws IOException {
    try (QueryTransport transport = CosmosOptions.openTransport(context)) {
      transport.query(InitiaDataSource.PARAMS, QueryParamsRequest.getDefaultInstance(), 0);
      return true;
    } catch (ChainQueryException e) {
      return false;
    }
  }

  @Override
  public ChainDataSource open(ChainContext context) {
    return new InitiaDataSource(
        context.chainId(), CosmosOptions.openTransport(context), CosmosOptions.stakingEnabled(context));
  }
}
