package io.valwatch.simnet;

import io.grpc.Status;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Commission;
import io.valwatch.proto.cosmos.staking.v1beta1.CommissionRates;
import io.valwatch.proto.cosmos.staking.v1beta1.Description;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.Pool;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryPoolRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryPoolResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code cosmos.staking.v1beta1.Query}: Validators, Validator, Pool and Params. On an Initia chain only
 * Params answers (with the first bond denom); the rest answer "not supported", as mstaking's compatibility
 * server does.
 */
final class StakingQueries {
  private static final String SERVICE = "/cosmos.staking.v1beta1.Query/";
  private static final String REST = "/cosmos/staking/v1beta1/";

  private StakingQueries() {}

  static List<QueryRoute> routes(StakingModule module) {
    boolean standard = module == StakingModule.COSMOS_SDK;
    return List.of(
        QueryRoute.of(SERVICE + "Validators", REST + "validators", QueryValidatorsRequest.getDefaultInstance(),
            standard ? StakingQueries::validators : StakingQueries::notSupported),
        QueryRoute.of(SERVICE + "Validator", REST + "validators/{validator_addr}",
            QueryValidatorRequest.getDefaultInstance(),
            standard ? StakingQueries::validator : StakingQueries::notSupported),
        QueryRoute.of(SERVICE + "Pool", REST + "pool", QueryPoolRequest.getDefaultInstance(),
            standard ? (state, request) -> pool(state) : StakingQueries::notSupported),
        QueryRoute.of(SERVICE + "Params", REST + "params", QueryParamsRequest.getDefaultInstance(),
            (state, request) -> params(state.config)));
  }

  private static QueryOutcome notSupported(ChainState state, Object request) {
    return QueryOutcome.error(Status.Code.UNIMPLEMENTED,
        "not supported: this chain stakes with x/mstaking; query initia.mstaking.v1.Query instead");
  }

  private static QueryOutcome validators(ChainState state, QueryValidatorsRequest request) throws InvalidRequest {
    List<SimValidator> matching = ProtoValues.validators(state, ProtoValues.statusFilter(request.getStatus()));
    Page<SimValidator> page = Page.of(matching, v -> v.operatorBytes, request.getPagination());
    return QueryOutcome.ok(QueryValidatorsResponse.newBuilder()
        .addAllValidators(page.items().stream().map(v -> validator(state.config, v)).toList())
        .setPagination(page.response())
        .build());
  }

  private static QueryOutcome validator(ChainState state, QueryValidatorRequest request) {
    return ProtoValues.oneValidator(state, request.getValidatorAddr(),
        v -> QueryValidatorResponse.newBuilder().setValidator(validator(state.config, v)).build());
  }

  private static Validator validator(ChainConfig config, SimValidator v) {
    return Validator.newBuilder()
        .setOperatorAddress(v.operatorAddress)
        .setConsensusPubkey(ProtoValues.consensusPubkey(v))
        .setJailed(v.jailed)
        .setStatus(BondStatus.forNumber(ProtoValues.statusNumber(v.status)))
        .setTokens(Long.toString(v.tokens))
        .setDelegatorShares(ProtoValues.decOf(v.shareTokens))
        .setDescription(Description.newBuilder().setMoniker(v.name))
        .setUnbondingHeight(v.unbondingHeight)
        .setUnbondingTime(ProtoValues.timestamp(v.unbondingTime))
        .setCommission(Commission.newBuilder()
            .setCommissionRates(CommissionRates.newBuilder()
                .setRate(Encoding.scaledDec(ProtoValues.COMMISSION_RATE))
                .setMaxRate(Encoding.scaledDec(ProtoValues.COMMISSION_MAX_RATE))
                .setMaxChangeRate(Encoding.scaledDec(ProtoValues.COMMISSION_MAX_CHANGE_RATE)))
            .setUpdateTime(ProtoValues.timestamp(config.genesisTime())))
        .setMinSelfDelegation("1")
        .build();
  }

  private static QueryOutcome params(ChainConfig config) {
    return QueryOutcome.ok(QueryParamsResponse.newBuilder()
        .setParams(Params.newBuilder()
            .setUnbondingTime(ProtoValues.duration(ChainConfig.UNBONDING_TIME))
            .setMaxValidators(config.maxValidators())
            .setMaxEntries(ProtoValues.MAX_ENTRIES)
            .setHistoricalEntries(ProtoValues.HISTORICAL_ENTRIES)
            .setBondDenom(config.bondDenom())
            .setMinCommissionRate(Encoding.scaledDec(BigDecimal.ZERO)))
        .build());
  }

  private static QueryOutcome pool(ChainState state) {
    long bonded = 0;
    long notBonded = 0;
    for (SimValidator v : state.validators()) {
      if (!v.created) {
        continue;
      }
      if (v.status == io.valwatch.model.BondStatus.BONDED) {
        bonded += v.tokens;
      } else {
        notBonded += v.tokens;
      }
    }
    return QueryOutcome.ok(QueryPoolResponse.newBuilder()
        .setPool(Pool.newBuilder().setBondedTokens(Long.toString(bonded)).setNotBondedTokens(Long.toString(notBonded)))
        .build());
  }
}
