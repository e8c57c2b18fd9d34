package io.valwatch.plugins.initia;

import io.valwatch.plugins.cosmos.QueryMethod;
import io.valwatch.plugins.cosmos.QueryTransport;
import io.valwatch.plugins.cosmos.Snapshot;
import io.valwatch.plugins.cosmos.StakingModuleDataSource;
import io.valwatch.proto.initia.mstaking.v1.QueryGrpc;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsResponse;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsResponse;
import io.valwatch.proto.initia.mstaking.v1.Validator;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads x/mstaking and the standard x/slashing of one Initia chain, all at the height the first query was
 * answered at; governance through the standard {@code cosmos.gov.v1} and x/upgrade queries, which Initia
 * serves next to its own gov routes.
 */
final class InitiaDataSource extends StakingModuleDataSource {
  static final QueryMethod<QueryValidatorsRequest, QueryValidatorsResponse> VALIDATORS =
      QueryMethod.of(QueryGrpc.getValidatorsMethod(), "/initia/mstaking/v1/validators");
  static final QueryMethod<QueryParamsRequest, QueryParamsResponse> PARAMS =
      QueryMethod.of(QueryGrpc.getParamsMethod(), "/initia/mstaking/v1/params");

  InitiaDataSource(String chainId, QueryTransport transport, boolean stakingEnabled) {
    super(chainId, transport, stakingEnabled);
  }

  @Override
  protected Staking readStaking(Snapshot snapshot) throws IOException {
    List<Validator> raw = validators(snapshot);
    QueryParamsResponse paramsReply = snapshot.query(PARAMS, QueryParamsRequest.getDefaultInstance());
    try {
      StakingParams params = MstakingConversions.stakingParams(paramsReply.getParams());
      List<ValidatorInfo> infos = new ArrayList<>(raw.size());
      for (Validator v : raw) {
        infos.add(MstakingConversions.validatorInfo(v));
      }
      return new Staking(infos, Optional.of(params));
    } catch (IllegalArgumentException e) {
      throw snapshot.unusable(e);
    }
  }

  private static List<Validator> validators(Snapshot snapshot) throws IOException {
    List<Validator> validators = new ArrayList<>();
    // An empty status asks for every validator, bonded or not.
    for (QueryValidatorsResponse page :
        snapshot.queryAllPages(
            VALIDATORS,
            p -> QueryValidatorsRequest.newBuilder().setPagination(p).build(),
            QueryValidatorsResponse::getPagination)) {
      validators.addAll(page.getValidatorsList());
    }
    return validators;
  }
}
