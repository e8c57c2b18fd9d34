package io.valwatch.plugins.initia;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import io.valwatch.proto.cosmos.base.v1beta1.Coin;
import io.valwatch.proto.cosmos.base.v1beta1.DecCoin;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.initia.mstaking.v1.BondStatus;
import io.valwatch.proto.initia.mstaking.v1.Commission;
import io.valwatch.proto.initia.mstaking.v1.CommissionRates;
import io.valwatch.proto.initia.mstaking.v1.Description;
import io.valwatch.proto.initia.mstaking.v1.Params;
import io.valwatch.proto.initia.mstaking.v1.QueryGrpc;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsResponse;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsResponse;
import io.valwatch.proto.initia.mstaking.v1.Validator;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * One Initia-like chain state served as {@code abci_query}, as gRPC and as REST JSON written by hand: two
 * validators staking {@code uinit} and an LP denom, mstaking params with two bond denoms, Initia's default
 * slashing params and one signing record.
 */
final class InitiaChain {
  static final String CHAIN = "initiation-2";
  static final long HEIGHT = 4_000_000;
  static final String LP = "move/dbf06c48af3984ec6d9ae8a9aa7dbb0bb1e784aa9b8c4a5681af660cf8558d7d";
  static final String VAL_A = "initvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c4ual6f";
  static final String VAL_B = "initvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7kqwws22";
  static final String ED25519_KEY = "LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw=";
  static final String ED25519_ADDRESS = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  static final String VALCONS_A = "initvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27cp0wrkg";

  private InitiaChain() {}

  static Validator validatorA() {
    return Validator.newBuilder()
        .setOperatorAddress(VAL_A)
        .setConsensusPubkey(ed25519())
        .setStatus(BondStatus.BOND_STATUS_BONDED)
        .addTokens(coin(LP, "4000000000"))
        .addTokens(coin("uinit", "2500000000"))
        .addDelegatorShares(DecCoin.newBuilder().setDenom(LP).setAmount("4000000000000000000000000000"))
        .addDelegatorShares(DecCoin.newBuilder().setDenom("uinit").setAmount("2500000000000000000000000000"))
        .setDescription(Description.newBuilder().setMoniker("alpha"))
        .setUnbondingTime(Timestamp.getDefaultInstance())
        .setCommission(
            Commission.newBuilder()
                .setCommissionRates(
                    CommissionRates.newBuilder()
                        .setRate("100000000000000000")
                        .setMaxRate("200000000000000000")
                        .setMaxChangeRate("10000000000000000")))
        .addVotingPowers(coin(LP, "1234567891"))
        .addVotingPowers(coin("uinit", "2500000000"))
        .setVotingPower("3734567891")
        .build();
  }

  static Validator validatorB() {
    return Validator.newBuilder()
        .setOperatorAddress(VAL_B)
        .setStatus(BondStatus.BOND_STATUS_UNBONDED)
        .setJailed(true)
        .addTokens(coin("uinit", "900000"))
        .setDescription(Description.newBuilder().setMoniker("beta"))
        .setVotingPower("900000")
        .build();
  }

  static Params params() {
    return Params.newBuilder()
        .setUnbondingTime(Duration.newBuilder().setSeconds(1_814_400))
        .setMaxValidators(100)
        .setMaxEntries(7)
        .setHistoricalEntries(10_000)
        .addBondDenoms("uinit")
        .addBondDenoms(LP)
        .setMinVotingPower(1_000_000)
        .setMinCommissionRate("0")
        .build();
  }

  static io.valwatch.proto.cosmos.slashing.v1beta1.Params slashingParams() {
    return io.valwatch.proto.cosmos.slashing.v1beta1.Params.newBuilder()
        .setSignedBlocksWindow(100)
        .setMinSignedPerWindow(ByteString.copyFromUtf8("500000000000000000"))
        .setDowntimeJailDuration(Duration.newBuilder().setSeconds(600))
        .setSlashFractionDoubleSign(ByteString.copyFromUtf8("50000000000000000"))
        .setSlashFractionDowntime(ByteString.copyFromUtf8("10000000000000000"))
        .build();
  }

  static QuerySigningInfosResponse signingInfos() {
    return QuerySigningInfosResponse.newBuilder()
        .addInfo(ValidatorSigningInfo.newBuilder().setAddress(VALCONS_A).setStartHeight(5).setIndexOffset(3_999_990).setMissedBlocksCounter(12))
        .setPagination(PageResponse.getDefaultInstance())
        .build();
  }

  private static Coin coin(String denom, String amount) {
    return Coin.newBuilder().setDenom(denom).setAmount(amount).build();
  }

  private static Any ed25519() {
    return Any.newBuilder()
        .setTypeUrl("/cosmos.crypto.ed25519.PubKey")
        .setValue(
            io.valwatch.proto.cosmos.crypto.ed25519.PubKey.newBuilder()
                .setKey(ByteString.copyFrom(Base64.getDecoder().decode(ED25519_KEY)))
                .build()
                .toByteString())
        .build();
  }

  private static Map<String, Message> abciReplies() {
    return Map.of(
        "/initia.mstaking.v1.Query/Validators",
        QueryValidatorsResponse.newBuilder().addValidators(validatorA()).addValidators(validatorB()).build(),
        "/initia.mstaking.v1.Query/Params",
        QueryParamsResponse.newBuilder().setParams(params()).build(),
        "/cosmos.slashing.v1beta1.Query/Params",
        io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.newBuilder().setParams(slashingParams()).build(),
        "/cosmos.slashing.v1beta1.Query/SigningInfos",
        signingInfos());
  }

  /** CometBFT 0.38 {@code /abci_query}; other paths get Initia's "not supported". */
  static final class AbciNode extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().queryParameter("path").replace("\"", "");
      Message reply = abciReplies().get(path);
      String response =
          reply == null
              ? "{\"code\":1,\"log\":\"not supported\",\"info\":\"\",\"index\":\"0\",\"key\":null,\"value\":null,"
                  + "\"proofOps\":null,\"height\":\"" + HEIGHT + "\",\"codespace\":\"mstaking\"}"
              : "{\"code\":0,\"log\":\"\",\"info\":\"\",\"index\":\"0\",\"key\":null,\"value\":\""
                  + Base64.getEncoder().encodeToString(reply.toByteArray()) + "\",\"proofOps\":null,\"height\":\""
                  + HEIGHT + "\",\"codespace\":\"\"}";
      return new MockResponse.Builder()
          .addHeader("Content-Type", "application/json")
          .body("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"response\":" + response + "}}")
          .build();
    }
  }

  /** Initia's mstaking gRPC query service. */
  static final class MstakingService extends QueryGrpc.QueryImplBase {
    @Override
    public void validators(QueryValidatorsRequest request, StreamObserver<QueryValidatorsResponse> reply) {
      reply.onNext((QueryValidatorsResponse) abciReplies().get("/initia.mstaking.v1.Query/Validators"));
      reply.onCompleted();
    }

    @Override
    public void params(QueryParamsRequest request, StreamObserver<QueryParamsResponse> reply) {
      reply.onNext(QueryParamsResponse.newBuilder().setParams(InitiaChain.params()).build());
      reply.onCompleted();
    }
  }

  /** The standard x/slashing gRPC query service. */
  static final class SlashingService extends io.valwatch.proto.cosmos.slashing.v1beta1.QueryGrpc.QueryImplBase {
    @Override
    public void params(
        io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest request,
        StreamObserver<io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse> reply) {
      reply.onNext(io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.newBuilder().setParams(slashingParams()).build());
      reply.onCompleted();
    }

    @Override
    public void signingInfos(QuerySigningInfosRequest request, StreamObserver<QuerySigningInfosResponse> reply) {
      reply.onNext(InitiaChain.signingInfos());
      reply.onCompleted();
    }
  }

  /** The LCD REST API in grpc-gateway's JSON. */
  static final class RestNode extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String body =
          switch (request.getUrl().encodedPath()) {
            case "/initia/mstaking/v1/validators" -> VALIDATORS_JSON;
            case "/initia/mstaking/v1/params" -> PARAMS_JSON;
            case "/cosmos/slashing/v1beta1/params" -> SLASHING_PARAMS_JSON;
            case "/cosmos/slashing/v1beta1/signing_infos" -> SIGNING_INFOS_JSON;
            default -> null;
          };
      if (body == null) {
        return new MockResponse.Builder().code(501).body("{\"code\":12,\"message\":\"Not Implemented\",\"details\":[]}").build();
      }
      return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
  }

  static final String VALIDATORS_JSON =
      """
      {"validators":[{"operator_address":"initvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c4ual6f",\
      "consensus_pubkey":{"@type":"/cosmos.crypto.ed25519.PubKey","key":"LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw="},\
      "jailed":false,"status":"BOND_STATUS_BONDED",\
      "tokens":[{"denom":"move/dbf06c48af3984ec6d9ae8a9aa7dbb0bb1e784aa9b8c4a5681af660cf8558d7d","amount":"4000000000"},\
      {"denom":"uinit","amount":"2500000000"}],\
      "delegator_shares":[{"denom":"move/dbf06c48af3984ec6d9ae8a9aa7dbb0bb1e784aa9b8c4a5681af660cf8558d7d",\
      "amount":"4000000000.000000000000000000"},{"denom":"uinit","amount":"2500000000.000000000000000000"}],\
      "description":{"moniker":"alpha","identity":"","website":"","security_contact":"","details":""},\
      "unbonding_height":"0","unbonding_time":"1970-01-01T00:00:00Z",\
      "commission":{"commission_rates":{"rate":"0.100000000000000000","max_rate":"0.200000000000000000",\
      "max_change_rate":"0.010000000000000000"},"update_time":"1970-01-01T00:00:00Z"},\
      "voting_powers":[{"denom":"move/dbf06c48af3984ec6d9ae8a9aa7dbb0bb1e784aa9b8c4a5681af660cf8558d7d",\
      "amount":"1234567891"},{"denom":"uinit","amount":"2500000000"}],"voting_power":"3734567891",\
      "unbonding_on_hold_ref_count":"0","unbonding_id":"0"},\
      {"operator_address":"initvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7kqwws22","consensus_pubkey":null,\
      "jailed":true,"status":"BOND_STATUS_UNBONDED","tokens":[{"denom":"uinit","amount":"900000"}],\
      "delegator_shares":[],"description":{"moniker":"beta","identity":"","website":"","security_contact":"","details":""},\
      "unbonding_height":"0","unbonding_time":"1970-01-01T00:00:00Z",\
      "commission":{"commission_rates":{"rate":"","max_rate":"","max_change_rate":""},"update_time":"1970-01-01T00:00:00Z"},\
      "voting_powers":[],"voting_power":"900000","unbonding_on_hold_ref_count":"0","unbonding_id":"0"}],\
      "pagination":{"next_key":null,"total":"2"}}""";

  static final String PARAMS_JSON =
      """
      {"params":{"unbonding_time":"1814400s","max_validators":100,"max_entries":7,"historical_entries":10000,\
      "bond_denoms":["uinit","move/dbf06c48af3984ec6d9ae8a9aa7dbb0bb1e784aa9b8c4a5681af660cf8558d7d"],\
      "min_voting_power":"1000000","min_commission_rate":"0.000000000000000000"}}""";

  static final String SLASHING_PARAMS_JSON =
      """
      {"params":{"signed_blocks_window":"100","min_signed_per_window":"0.500000000000000000",\
      "downtime_jail_duration":"600s","slash_fraction_double_sign":"0.050000000000000000",\
      "slash_fraction_downtime":"0.010000000000000000"}}""";

  static final String SIGNING_INFOS_JSON =
      """
      {"info":[{"address":"initvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27cp0wrkg","start_height":"5",\
      "index_offset":"3999990","jailed_until":"1970-01-01T00:00:00Z","tombstoned":false,\
      "missed_blocks_counter":"12"}],"pagination":{"next_key":null,"total":"0"}}""";
}
