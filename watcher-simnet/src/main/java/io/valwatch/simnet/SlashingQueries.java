package io.valwatch.simnet;

import io.valwatch.proto.cosmos.slashing.v1beta1.Params;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** {@code cosmos.slashing.v1beta1.Query}: Params, SigningInfo and SigningInfos, the same on every chain. */
final class SlashingQueries {
  private static final String SERVICE = "/cosmos.slashing.v1beta1.Query/";
  private static final String REST = "/cosmos/slashing/v1beta1/";

  private SlashingQueries() {}

  static List<QueryRoute> routes() {
    return List.of(
        QueryRoute.of(SERVICE + "Params", REST + "params", QueryParamsRequest.getDefaultInstance(),
            (state, request) -> params(state.config)),
        QueryRoute.of(SERVICE + "SigningInfos", REST + "signing_infos", QuerySigningInfosRequest.getDefaultInstance(),
            SlashingQueries::signingInfos),
        QueryRoute.of(SERVICE + "SigningInfo", REST + "signing_infos/{cons_address}",
            QuerySigningInfoRequest.getDefaultInstance(), SlashingQueries::signingInfo));
  }

  private static QueryOutcome signingInfos(ChainState state, QuerySigningInfosRequest request) throws InvalidRequest {
    List<SimValidator> infos = state.validators().stream()
        .filter(v -> v.everBonded)
        .sorted(Comparator.comparing(v -> v.consensusAddress, Arrays::compareUnsigned))
        .toList();
    Page<SimValidator> page = Page.of(infos, v -> v.consensusAddress, request.getPagination());
    return QueryOutcome.ok(QuerySigningInfosResponse.newBuilder()
        .addAllInfo(page.items().stream().map(SlashingQueries::signingInfo).toList())
        .setPagination(page.response())
        .build());
  }

  private static QueryOutcome signingInfo(ChainState state, QuerySigningInfoRequest request) {
    String address = request.getConsAddress();
    if (address.isEmpty()) {
      return QueryOutcome.invalidArgument("empty request");
    }
    for (SimValidator v : state.validators()) {
      if (v.everBonded && v.valconsAddress.equals(address)) {
        return QueryOutcome.ok(QuerySigningInfoResponse.newBuilder().setValSigningInfo(signingInfo(v)).build());
      }
    }
    return QueryOutcome.notFound("SigningInfo not found for validator " + address);
  }

  private static ValidatorSigningInfo signingInfo(SimValidator v) {
    return ValidatorSigningInfo.newBuilder()
        .setAddress(v.valconsAddress)
        .setStartHeight(v.startHeight)
        .setIndexOffset(v.indexOffset)
        .setJailedUntil(ProtoValues.timestamp(v.jailedUntil))
        .setTombstoned(v.tombstoned)
        .setMissedBlocksCounter(v.missedBlocksCounter)
        .build();
  }

  private static QueryOutcome params(ChainConfig config) {
    return QueryOutcome.ok(QueryParamsResponse.newBuilder()
        .setParams(Params.newBuilder()
            .setSignedBlocksWindow(config.signedBlocksWindow())
            .setMinSignedPerWindow(ProtoValues.decBytes(config.minSignedPerWindow()))
            .setDowntimeJailDuration(ProtoValues.duration(config.downtimeJailDuration()))
            .setSlashFractionDoubleSign(ProtoValues.decBytes(config.slashFractionDoubleSign()))
            .setSlashFractionDowntime(ProtoValues.decBytes(config.slashFractionDowntime())))
        .build());
  }
}
