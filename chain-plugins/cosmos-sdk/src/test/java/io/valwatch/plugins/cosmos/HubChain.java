package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ForwardingServerCall;
import io.grpc.stub.StreamObserver;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * One Cosmos Hub-like chain state served three ways: as CometBFT {@code abci_query}, as the SDK's gRPC
 * query services, and as LCD REST JSON written by hand. Three validators over two pages (ed25519 with the
 * Hub's liquid staking fields, a BLS key valwatch does not know, secp256k1), Hub parameters, two signing
 * records.
 */
final class HubChain {
  static final String CHAIN = "cosmoshub-4";
  static final long HEIGHT = 123;
  static final String VAL_ED = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";
  static final String VAL_BLS = "cosmosvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7klfr0rt";
  static final String VAL_SECP = "cosmosvaloper1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnxz90a2";
  static final String SECP_VALCONS = "cosmosvalcons1w508d6qejxtdg4y5r3zarvary0c5xw7kt6sn02";
  static final ByteString PAGE_TWO = ByteString.copyFromUtf8("\u0021\u0014next-validator");
  static final String PAGE_TWO_BASE64 = "IRRuZXh0LXZhbGlkYXRvcg==";

  private HubChain() {}

  static QueryValidatorsResponse validatorsPage(ByteString key) {
    if (key.equals(PAGE_TWO)) {
      return QueryValidatorsResponse.newBuilder()
          .addValidators(
              ProtoFixtures.validator(
                  VAL_SECP, ProtoFixtures.secp256k1(ProtoFixtures.SECP256K1_KEY), BondStatus.BOND_STATUS_UNBONDED, "42", "secp"))
          .build();
    }
    Any bls = Any.newBuilder().setTypeUrl("/cosmos.crypto.bls12_381.PubKey").setValue(ByteString.copyFrom(new byte[48])).build();
    return QueryValidatorsResponse.newBuilder()
        .addValidators(
            ProtoFixtures.withLiquidStakingFields(
                ProtoFixtures.validator(
                    VAL_ED, ProtoFixtures.ed25519(ProtoFixtures.ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "1500000000", "ed")))
        .addValidators(ProtoFixtures.validator(VAL_BLS, bls, BondStatus.BOND_STATUS_BONDED, "3000000", "bls"))
        .setPagination(PageResponse.newBuilder().setNextKey(PAGE_TWO))
        .build();
  }

  /** Hub staking params with the LSM fields 7, 8 and 9 this plugin does not know. */
  static Params stakingParams() {
    Params known =
        Params.newBuilder()
            .setUnbondingTime(Duration.newBuilder().setSeconds(1_814_400))
            .setMaxValidators(180)
            .setMaxEntries(7)
            .setHistoricalEntries(10_000)
            .setBondDenom("uatom")
            .setMinCommissionRate("50000000000000000")
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      known.writeTo(bytes);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeString(7, "250000000000000000000");
      out.writeString(8, "250000000000000000");
      out.writeString(9, "500000000000000000");
      out.flush();
      return Params.parseFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static io.valwatch.proto.cosmos.slashing.v1beta1.Params slashingParams() {
    try {
      return io.valwatch.proto.cosmos.slashing.v1beta1.Params.parseFrom(ProtoFixtures.hubSlashingParamsBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static QuerySigningInfosResponse signingInfos() {
    return QuerySigningInfosResponse.newBuilder()
        .addInfo(
            ValidatorSigningInfo.newBuilder()
                .setAddress(ProtoFixtures.ED25519_VALCONS)
                .setIndexOffset(25_053_975)
                .setJailedUntil(Timestamp.getDefaultInstance())
                .setMissedBlocksCounter(41))
        .addInfo(
            ValidatorSigningInfo.newBuilder()
                .setAddress(SECP_VALCONS)
                .setStartHeight(7)
                .setJailedUntil(Timestamp.newBuilder().setSeconds(253_402_300_799L))
                .setTombstoned(true))
        .setPagination(PageResponse.getDefaultInstance())
        .build();
  }

  static FakeAbciNode abciNode() {
    return new FakeAbciNode(HEIGHT)
        .answer(CosmosSdkDataSource.VALIDATORS.path(), request -> validatorsPage(parse(request).getPagination().getKey()))
        .answer(CosmosSdkDataSource.STAKING_PARAMS.path(), request -> QueryParamsResponse.newBuilder().setParams(stakingParams()).build())
        .answer(
            SlashingReader.PARAMS.path(),
            request ->
                io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.newBuilder().setParams(slashingParams()).build())
        .answer(SlashingReader.SIGNING_INFOS.path(), request -> signingInfos());
  }

  private static QueryValidatorsRequest parse(byte[] request) {
    try {
      return QueryValidatorsRequest.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The SDK's x/staking gRPC query service over this state. */
  static final class StakingService extends QueryGrpc.QueryImplBase {
    @Override
    public void validators(QueryValidatorsRequest request, StreamObserver<QueryValidatorsResponse> reply) {
      reply.onNext(validatorsPage(request.getPagination().getKey()));
      reply.onCompleted();
    }

    @Override
    public void params(QueryParamsRequest request, StreamObserver<QueryParamsResponse> reply) {
      reply.onNext(QueryParamsResponse.newBuilder().setParams(stakingParams()).build());
      reply.onCompleted();
    }
  }

  /** The SDK's x/slashing gRPC query service over this state. */
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
      reply.onNext(HubChain.signingInfos());
      reply.onCompleted();
    }
  }

  /**
   * Records the {@code x-cosmos-block-height} each call asked for (0 when none) and answers with the
   * height in the reply header, as the SDK's gRPC server does.
   */
  static final class HeightHeaders implements ServerInterceptor {
    final List<Long> asked = Collections.synchronizedList(new ArrayList<>());

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      String height = headers.get(GrpcTransport.BLOCK_HEIGHT);
      asked.add(height == null ? 0 : Long.parseLong(height));
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata replyHeaders) {
              replyHeaders.put(GrpcTransport.BLOCK_HEIGHT, Long.toString(height == null ? HEIGHT : Long.parseLong(height)));
              super.sendHeaders(replyHeaders);
            }
          },
          headers);
    }
  }

  /** The LCD REST API over this state, in the JSON grpc-gateway sends; records the height header. */
  static final class RestNode extends Dispatcher {
    final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request);
      String body =
          switch (request.getUrl().encodedPath()) {
            case "/cosmos/staking/v1beta1/validators" ->
                PAGE_TWO_BASE64.equals(request.getUrl().queryParameter("pagination.key")) ? VALIDATORS_PAGE_2 : VALIDATORS_PAGE_1;
            case "/cosmos/staking/v1beta1/params" -> STAKING_PARAMS_JSON;
            case "/cosmos/slashing/v1beta1/params" -> SLASHING_PARAMS_JSON;
            case "/cosmos/slashing/v1beta1/signing_infos" -> SIGNING_INFOS_JSON;
            default -> null;
          };
      if (body == null) {
        return new MockResponse.Builder()
            .code(501)
            .addHeader("Content-Type", "application/json")
            .body("{\"code\":12,\"message\":\"Not Implemented\",\"details\":[]}")
            .build();
      }
      return new MockResponse.Builder()
          .addHeader("Content-Type", "application/json")
          .addHeader("Grpc-Metadata-X-Cosmos-Block-Height", request.getHeaders().get("x-cosmos-block-height") == null
              ? Long.toString(HEIGHT) : request.getHeaders().get("x-cosmos-block-height"))
          .body(body)
          .build();
    }
  }

  static final String VALIDATORS_PAGE_1 =
      """
      {"validators":[{"operator_address":"cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng",\
      "consensus_pubkey":{"@type":"/cosmos.crypto.ed25519.PubKey","key":"LtiHVLCcE+oFII0vpIl9mfkGDmk9BpPg1eUkvKnO4xw="},\
      "jailed":false,"status":"BOND_STATUS_BONDED","tokens":"1500000000",\
      "delegator_shares":"1500000000.000000000000000000",\
      "description":{"moniker":"ed","identity":"","website":"","security_contact":"","details":""},\
      "unbonding_height":"0","unbonding_time":"1970-01-01T00:00:00Z",\
      "commission":{"commission_rates":{"rate":"0.050000000000000000","max_rate":"0.200000000000000000",\
      "max_change_rate":"0.010000000000000000"},"update_time":"1970-01-01T00:00:00Z"},\
      "min_self_delegation":"1","unbonding_on_hold_ref_count":"0","unbonding_ids":[],\
      "validator_bond_shares":"0.000000000000000000","liquid_shares":"1000.000000000000000000"},\
      {"operator_address":"cosmosvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7klfr0rt",\
      "consensus_pubkey":{"@type":"/cosmos.crypto.bls12_381.PubKey",\
      "key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},\
      "jailed":false,"status":"BOND_STATUS_BONDED","tokens":"3000000","delegator_shares":"3000000.000000000000000000",\
      "description":{"moniker":"bls","identity":"","website":"","security_contact":"","details":""},\
      "unbonding_height":"0","unbonding_time":"1970-01-01T00:00:00Z",\
      "commission":{"commission_rates":{"rate":"0.050000000000000000","max_rate":"0.200000000000000000",\
      "max_change_rate":"0.010000000000000000"},"update_time":"1970-01-01T00:00:00Z"},\
      "min_self_delegation":"1","unbonding_on_hold_ref_count":"0","unbonding_ids":[]}],\
      "pagination":{"next_key":"IRRuZXh0LXZhbGlkYXRvcg==","total":"0"}}""";

  static final String VALIDATORS_PAGE_2 =
      """
      {"validators":[{"operator_address":"cosmosvaloper1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnxz90a2",\
      "consensus_pubkey":{"@type":"/cosmos.crypto.secp256k1.PubKey","key":"Anm+Zn753LusVaBilc6HCwcCm/zbLc4o2VnygVsW+BeY"},\
      "jailed":false,"status":"BOND_STATUS_UNBONDED","tokens":"42","delegator_shares":"42.000000000000000000",\
      "description":{"moniker":"secp","identity":"","website":"","security_contact":"","details":""},\
      "unbonding_height":"0","unbonding_time":"1970-01-01T00:00:00Z",\
      "commission":{"commission_rates":{"rate":"0.050000000000000000","max_rate":"0.200000000000000000",\
      "max_change_rate":"0.010000000000000000"},"update_time":"1970-01-01T00:00:00Z"},\
      "min_self_delegation":"1","unbonding_on_hold_ref_count":"0","unbonding_ids":[]}],\
      "pagination":{"next_key":null,"total":"0"}}""";

  static final String STAKING_PARAMS_JSON =
      """
      {"params":{"unbonding_time":"1814400s","max_validators":180,"max_entries":7,"historical_entries":10000,\
      "bond_denom":"uatom","min_commission_rate":"0.050000000000000000",\
      "validator_bond_factor":"250.000000000000000000","global_liquid_staking_cap":"0.250000000000000000",\
      "validator_liquid_staking_cap":"0.500000000000000000"}}""";

  static final String SLASHING_PARAMS_JSON =
      """
      {"params":{"signed_blocks_window":"10000","min_signed_per_window":"0.050000000000000000",\
      "downtime_jail_duration":"600s","slash_fraction_double_sign":"0.050000000000000000",\
      "slash_fraction_downtime":"0.000100000000000000"}}""";

  static final String SIGNING_INFOS_JSON =
      """
      {"info":[{"address":"cosmosvalcons1668wcrfwsfy0rmryek6ctmdkrm9yx27c7grulf","start_height":"0",\
      "index_offset":"25053975","jailed_until":"1970-01-01T00:00:00Z","tombstoned":false,\
      "missed_blocks_counter":"41"},\
      {"address":"cosmosvalcons1w508d6qejxtdg4y5r3zarvary0c5xw7kt6sn02","start_height":"7","index_offset":"0",\
      "jailed_until":"9999-12-31T23:59:59Z","tombstoned":true,"missed_blocks_counter":"0"}],\
      "pagination":{"next_key":null,"total":"0"}}""";
}
