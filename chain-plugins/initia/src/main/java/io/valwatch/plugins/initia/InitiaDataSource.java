package io.valwatch.plugins.initia;

import io.valwatch.plugins.cosmos.GovernanceReader;
import io.valwatch.plugins.cosmos.QueryMethod;
import io.valwatch.plugins.cosmos.QueryTransport;
import io.valwatch.plugins.cosmos.SlashingReader;
import io.valwatch.plugins.cosmos.Snapshot;
import io.valwatch.plugins.initia.proto.QueryGrpc;
import io.valwatch.plugins.initia.proto.QueryParamsRequest;
import io.valwatch.plugins.initia.proto.QueryParamsResponse;
import io.valwatch.plugins.initia.proto.QueryValidatorsRequest;
import io.valwatch.plugins.initia.proto.QueryValidatorsResponse;
import io.valwatch.plugins.initia.proto.Validator;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.GovernanceData;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads x/mstaking and the standard x/slashing of one Initia chain, all at the height the first query was
 * answered at; governance through the standard {@code cosmos.gov.v1} and x/upgrade queries, which Initia
 * serves next to its own gov routes.
 */
final class InitiaDataSource implements ChainDataSource {
  static final QueryMethod<QueryValidatorsRequest, QueryValidatorsResponse> VALIDATORS =
      QueryMethod.of(QueryGrpc.getValidatorsMethod(), "/initia/mstaking/v1/validators");
  static final QueryMethod<QueryParamsRequest, QueryParamsResponse> PARAMS =
      QueryMethod.of(QueryGrpc.getParamsMethod(), "/initia/mstaking/v1/params");

  private final String chainId;
  private final QueryTransport transport;
  private final boolean stakingEnabled;
  private final SlashingReader slashing;
  private final GovernanceReader governance;

  InitiaDataSource(String chainId, QueryTransport transport, boolean stakingEnabled) {
    this.chainId = chainId;
    this.transport = transport;
    this.stakingEnabled = stakingEnabled;
    this.slashing = new SlashingReader(chainId);
    this.governance = new GovernanceReader(chainId);
  }

  @Override
  public ChainData fetch() throws IOException {
    Snapshot snapshot = new Snapshot(chainId, transport);
    List<ValidatorInfo> validators = List.of();
    Optional<StakingParams> params = Optional.empty();
    if (stakingEnabled) {
      List<Validator> raw = validators(snapshot);
      QueryParamsResponse paramsReply = snapshot.query(PARAMS, QueryParamsRequest.getDefaultInstance());
      try {
        params = Optional.of(MstakingConversions.stakingParams(paramsReply.getParams()));
        List<ValidatorInfo> infos = new ArrayList<>(raw.size());
        for (Validator v : raw) {
          infos.add(MstakingConversions.validatorInfo(v));
        }
        validators = infos;
      } catch (IllegalArgumentException e) {
        throw snapshot.unusable(e);
      }
    }
    SlashingReader.Slashing slashingData = slashing.read(snapshot);
    return new ChainData(
        validators,
        params,
        slashingData.params(),
        slashingData.livenessRule(),
        slashingData.signingInfos(),
        snapshot.height());
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

  @Override
  public GovernanceData governance(Collection<String> operatorAddresses) throws IOException {
    return governance.read(new Snapshot(chainId, transport), operatorAddresses);
  }

  @Override
  public void close() {
    transport.close();
  }
}
