package io.valwatch.plugins.cosmos;

import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.SlashingParams;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads x/staking and x/slashing of one Cosmos SDK chain: four bulk queries (two of them paginated), all
 * at the height the first one was answered at.
 */
final class CosmosSdkDataSource implements ChainDataSource {
  static final String VALIDATORS = "/cosmos.staking.v1beta1.Query/Validators";
  static final String STAKING_PARAMS = "/cosmos.staking.v1beta1.Query/Params";
  static final String SLASHING_PARAMS = "/cosmos.slashing.v1beta1.Query/Params";
  static final String SIGNING_INFOS = "/cosmos.slashing.v1beta1.Query/SigningInfos";

  private static final Logger log = LoggerFactory.getLogger(CosmosSdkDataSource.class);

  private final String chainId;
  private final List<CometRpcClient> clients;

  CosmosSdkDataSource(String chainId, List<CometRpcClient> clients) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("chain " + chainId + " has no RPC endpoints to query");
    }
    this.chainId = chainId;
    this.clients = List.copyOf(clients);
  }

  @Override
  public ChainData fetch() throws IOException {
    AbciQuerier querier = new AbciQuerier(chainId, clients);
    List<Validator> validators = validators(querier);
    io.valwatch.proto.cosmos.staking.v1beta1.Params staking =
        querier
            .query(STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), QueryParamsResponse.parser())
            .getParams();
    io.valwatch.proto.cosmos.slashing.v1beta1.Params slashing =
        querier
            .query(
                SLASHING_PARAMS,
                io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest.getDefaultInstance(),
                io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.parser())
            .getParams();
    Map<String, SigningInfo> signingInfos = signingInfos(querier);
    try {
      StakingParams stakingParams = StakingConversions.stakingParams(staking);
      SlashingParams slashingParams = SlashingConversions.slashingParams(slashing);
      List<ValidatorInfo> infos = new ArrayList<>(validators.size());
      for (Validator v : validators) {
        infos.add(StakingConversions.validatorInfo(v, stakingParams.bondDenom()));
      }
      return new ChainData(
          infos,
          Optional.of(stakingParams),
          Optional.of(slashingParams),
          Optional.of(slashingParams.livenessRule()),
          signingInfos);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "chain " + chainId + " at height " + querier.height()
              + " returned staking or slashing data valwatch cannot use: " + e.getMessage(),
          e);
    }
  }

  private static List<Validator> validators(AbciQuerier querier) throws IOException {
    List<Validator> validators = new ArrayList<>();
    // An empty status asks for every validator, bonded or not.
    for (QueryValidatorsResponse page :
        querier.queryAllPages(
            VALIDATORS,
            p -> QueryValidatorsRequest.newBuilder().setStatus("").setPagination(p).build(),
            QueryValidatorsResponse.parser(),
            QueryValidatorsResponse::getPagination)) {
      validators.addAll(page.getValidatorsList());
    }
    return validators;
  }

  private Map<String, SigningInfo> signingInfos(AbciQuerier querier) throws IOException {
    Map<String, SigningInfo> byAddress = new HashMap<>();
    for (QuerySigningInfosResponse page :
        querier.queryAllPages(
            SIGNING_INFOS,
            p -> QuerySigningInfosRequest.newBuilder().setPagination(p).build(),
            QuerySigningInfosResponse.parser(),
            QuerySigningInfosResponse::getPagination)) {
      for (ValidatorSigningInfo info : page.getInfoList()) {
        try {
          SigningInfo signingInfo = SlashingConversions.signingInfo(info);
          byAddress.put(signingInfo.consensusAddressHex(), signingInfo);
        } catch (IllegalArgumentException e) {
          log.warn("Chain {}: skipping a signing info with a bad address: {}", chainId, e.getMessage());
        }
      }
    }
    return byAddress;
  }
}
