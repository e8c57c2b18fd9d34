package io.valwatch.plugins.cosmos;

import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.util.Set;

/**
 * Chains running the standard Cosmos SDK x/staking and x/slashing modules (SDK 0.47 and 0.50), and
 * consumer chains that run x/slashing without x/staking. Queries go through CometBFT {@code abci_query} on
 * the chain's RPC endpoints by default, or through gRPC or the LCD REST API ({@link CosmosOptions}).
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
  public Set<String> optionNames() {
    return CosmosOptions.NAMES;
  }

  /**
   * True when the chain answers the standard validator query, or serves x/slashing but neither x/staking
   * query (a consumer chain). False on chains with their own staking module, such as Initia, which answer
   * the x/staking params query but not the validator queries.
   */
  @Override
  public boolean detect(ChainContext context) throws IOException {
    try (QueryTransport transport = CosmosOptions.openTransport(context)) {
      Snapshot snapshot = new Snapshot(context.chainId(), transport);
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
  }

  private interface Probe {
    void run() throws IOException;
  }

  /** Whether the chain answers; a refusal is an answer of "no", an unreachable endpoint is an error. */
  private static boolean answers(Probe probe) throws IOException {
    try {
      probe.run();
      return true;
    } catch (ChainQueryException e) {
      return false;
    }
  }

  @Override
  public ChainDataSource open(ChainContext context) {
    return new CosmosSdkDataSource(
        context.chainId(), CosmosOptions.openTransport(context), CosmosOptions.stakingEnabled(context));
  }
}
