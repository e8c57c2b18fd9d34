package io.valwatch.plugins.cosmos;

import io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads x/staking and x/slashing of one Cosmos SDK chain: four bulk queries (two of them paginated), all
 * at the height the first one was answered at. A chain that serves neither x/staking query (a consumer
 * chain, say) yields slashing data only; one that serves staking params but not the validator queries runs
 * a different staking module, which is an error naming the likely plugin. Governance comes from {@link
 * GovernanceReader}.
 */
final class CosmosSdkDataSource extends StakingModuleDataSource {
  static final QueryMethod<QueryValidatorsRequest, QueryValidatorsResponse> VALIDATORS =
      QueryMethod.of(QueryGrpc.getValidatorsMethod(), "/cosmos/staking/v1beta1/validators");
  static final QueryMethod<QueryParamsRequest, QueryParamsResponse> STAKING_PARAMS =
      QueryMethod.of(QueryGrpc.getParamsMethod(), "/cosmos/staking/v1beta1/params");

  private static final Logger log = LoggerFactory.getLogger(CosmosSdkDataSource.class);

  private boolean reportedNoStaking;

  CosmosSdkDataSource(String chainId, QueryTransport transport, boolean stakingEnabled) {
    super(chainId, transport, stakingEnabled);
  }

  @Override
  protected Staking readStaking(Snapshot snapshot) throws IOException {
    List<Validator> validators;
    try {
      validators = validators(snapshot);
    } catch (ChainQueryException e) {
      if (!e.notSupported()) {
        throw e;
      }
      if (servesStakingParams(snapshot)) {
        throw new IOException(
            "chain " + chainId() + " does not serve the standard x/staking validator queries ("
                + e.getMessage() + ") but answers " + STAKING_PARAMS.path()
                + ": it runs a different staking module, such as Initia's x/mstaking. Set `plugin: initia` "
                + "for this chain if it is Initia, or `staking: false` in its options to track validators by "
                + "consensus address only",
            e);
      }
      if (!reportedNoStaking) {
        reportedNoStaking = true;
        log.warn(
            "Chain {} does not serve x/staking queries; validators, stake, rank and staking parameters are "
                + "unavailable and validators are tracked by consensus address only ({})",
            chainId(),
            e.getMessage());
      }
      return Staking.NONE;
    }
    StakingParams params;
    try {
      params =
          StakingConversions.stakingParams(
              snapshot.query(STAKING_PARAMS, QueryParamsRequest.getDefaultInstance()).getParams());
      List<ValidatorInfo> infos = new ArrayList<>(validators.size());
      for (Validator v : validators) {
        infos.add(StakingConversions.validatorInfo(v, params.bondDenom()));
      }
      return new Staking(infos, Optional.of(params));
    } catch (IllegalArgumentException e) {
      throw snapshot.unusable(e);
    }
  }

  private boolean servesStakingParams(Snapshot snapshot) throws IOException {
    try {
      snapshot.query(STAKING_PARAMS, QueryParamsRequest.getDefaultInstance());
      return true;
    } catch (ChainQueryException e) {
      return false;
    }
  }

  private static List<Validator> validators(Snapshot snapshot) throws IOException {
    List<Validator> validators = new ArrayList<>();
    // An empty status asks for every validator, bonded or not.
    for (QueryValidatorsResponse page :
        snapshot.queryAllPages(
            VALIDATORS,
            p -> QueryValidatorsRequest.newBuilder().setStatus("").setPagination(p).build(),
            QueryValidatorsResponse::getPagination)) {
      validators.addAll(page.getValidatorsList());
    }
    return validators;
  }
}
