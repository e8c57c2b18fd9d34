package io.valwatch.plugins.cosmos;

import io.valwatch.model.LivenessRule;
import io.valwatch.model.SlashingParams;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryGrpc;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.spi.SigningInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the standard x/slashing module ({@code cosmos.slashing.v1beta1}): its parameters and every signing
 * record. Chain plugins whose chains run the standard module next to their own staking module use it as
 * is. A chain that does not serve x/slashing gets empty results, logged once per reader.
 */
public final class SlashingReader {
  /** {@code /cosmos.slashing.v1beta1.Query/Params}. */
  public static final QueryMethod<QueryParamsRequest, QueryParamsResponse> PARAMS =
      QueryMethod.of(QueryGrpc.getParamsMethod(), "/cosmos/slashing/v1beta1/params");
  /** {@code /cosmos.slashing.v1beta1.Query/SigningInfos}. */
  public static final QueryMethod<QuerySigningInfosRequest, QuerySigningInfosResponse> SIGNING_INFOS =
      QueryMethod.of(QueryGrpc.getSigningInfosMethod(), "/cosmos/slashing/v1beta1/signing_infos");

  private static final Logger log = LoggerFactory.getLogger(SlashingReader.class);

  private final String chainId;
  private boolean reportedUnavailable;

  public SlashingReader(String chainId) {
    this.chainId = chainId;
  }

  /**
   * What x/slashing says about a chain.
   *
   * @param params the parameters, empty when the chain does not serve x/slashing
   * @param signingInfos the signing records keyed by upper-case hex consensus address
   */
  public record Slashing(Optional<SlashingParams> params, Map<String, SigningInfo> signingInfos) {
    public Slashing {
      signingInfos = Map.copyOf(signingInfos);
    }

    /** The downtime rule the parameters define, if known. */
    public Optional<LivenessRule> livenessRule() {
      return params.map(SlashingParams::livenessRule);
    }
  }

  /**
   * Reads the parameters and all signing records within {@code snapshot}.
   *
   * @throws IOException when a query fails for any reason other than the chain not serving x/slashing, or
   *     the data cannot be used
   */
  public Slashing read(Snapshot snapshot) throws IOException {
    io.valwatch.proto.cosmos.slashing.v1beta1.Params params;
    try {
      params = snapshot.query(PARAMS, QueryParamsRequest.getDefaultInstance()).getParams();
    } catch (ChainQueryException e) {
      if (!e.notSupported()) {
        throw e;
      }
      if (!reportedUnavailable) {
        reportedUnavailable = true;
        log.warn(
            "Chain {} does not serve x/slashing queries; slashing parameters, the downtime rule and the chain's "
                + "missed-block counters are unavailable ({})",
            chainId,
            e.getMessage());
      }
      return new Slashing(Optional.empty(), Map.of());
    }
    try {
      return new Slashing(Optional.of(SlashingConversions.slashingParams(params)), signingInfos(snapshot));
    } catch (IllegalArgumentException e) {
      throw snapshot.unusable(e);
    }
  }

  private Map<String, SigningInfo> signingInfos(Snapshot snapshot) throws IOException {
    Map<String, SigningInfo> byAddress = new HashMap<>();
    for (QuerySigningInfosResponse page :
        snapshot.queryAllPages(
            SIGNING_INFOS,
            p -> QuerySigningInfosRequest.newBuilder().setPagination(p).build(),
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
