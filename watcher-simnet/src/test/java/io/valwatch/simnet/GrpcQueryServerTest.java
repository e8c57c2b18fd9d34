package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryPoolRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import io.valwatch.rpc.AbciQueryResult;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** grpc-java clients against the simulator's gRPC server on 127.0.0.1. */
@Timeout(30)
class GrpcQueryServerTest {
  private static final Metadata.Key<String> HEIGHT =
      Metadata.Key.of("x-cosmos-block-height", Metadata.ASCII_STRING_MARSHALLER);

  private SimulatedChain chain;
  private SimnetServer server;
  private ManagedChannel channel;
  private QueryGrpc.QueryBlockingStub staking;
  private io.valwatch.proto.cosmos.slashing.v1beta1.QueryGrpc.QueryBlockingStub slashing;

  @BeforeEach
  void start() throws Exception {
    chain = TestChains.fiveValidators();
    server = SimnetServer.builder(chain).rest(false).start();
    channel = ManagedChannelBuilder.forTarget(server.grpcTarget()).usePlaintext().build();
    staking = QueryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    slashing = io.valwatch.proto.cosmos.slashing.v1beta1.QueryGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void validatorsArePagedByKeyInOneOrder() {
    List<String> seen = new ArrayList<>();
    ByteString key = ByteString.EMPTY;
    int pages = 0;
    do {
      QueryValidatorsResponse page = staking.validators(QueryValidatorsRequest.newBuilder()
          .setPagination(PageRequest.newBuilder().setKey(key).setLimit(2)).build());
      page.getValidatorsList().forEach(v -> seen.add(v.getOperatorAddress()));
      assertThat(page.getPagination().getTotal()).isZero();
      key = page.getPagination().getNextKey();
      pages++;
    } while (!key.isEmpty());

    assertThat(pages).isEqualTo(3);
    QueryValidatorsResponse all = staking.validators(QueryValidatorsRequest.getDefaultInstance());
    assertThat(all.getPagination().getTotal()).isEqualTo(5);
    assertThat(seen).containsExactlyElementsOf(all.getValidatorsList().stream()
        .map(Validator::getOperatorAddress).toList());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(chain.truth().validators().values().stream()
        .map(ValidatorTruth::operatorAddress).toList());
    assertThat(server.requestCount("cosmos.staking.v1beta1.Query/Validators")).isEqualTo(4);
  }

  @Test
  void statusFilterSelectsAndUnknownStatusIsInvalidArgument() {
    List<Validator> unbonding = staking.validators(
        QueryValidatorsRequest.newBuilder().setStatus("BOND_STATUS_UNBONDING").build()).getValidatorsList();
    assertThat(unbonding).extracting(v -> v.getDescription().getMoniker()).containsExactly("eve");
    assertThat(unbonding.get(0).getJailed()).isTrue();

    assertThatThrownBy(() -> staking.validators(QueryValidatorsRequest.newBuilder().setStatus("ACTIVE").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("invalid validator status ACTIVE");
        });
  }

  @Test
  void validatorParamsPoolAndSlashingAnswer() {
    ValidatorTruth alice = chain.truth().validator("alice");
    Validator validator = staking.validator(
        QueryValidatorRequest.newBuilder().setValidatorAddr(alice.operatorAddress()).build()).getValidator();
    assertThat(validator.getTokens()).isEqualTo("50000000");
    assertThat(validator.getStatus()).isEqualTo(BondStatus.BOND_STATUS_BONDED);

    assertThatThrownBy(() -> staking.validator(
        QueryValidatorRequest.newBuilder().setValidatorAddr("cosmosvaloper1nobody").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("validator cosmosvaloper1nobody not found");
        });

    assertThat(staking.params(QueryParamsRequest.getDefaultInstance()).getParams().getBondDenom()).isEqualTo("stake");
    assertThat(staking.pool(QueryPoolRequest.getDefaultInstance()).getPool().getNotBondedTokens())
        .isEqualTo(Long.toString(chain.truth().validator("eve").tokens()));

    io.valwatch.proto.cosmos.slashing.v1beta1.Params params =
        slashing.params(io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsRequest.getDefaultInstance()).getParams();
    assertThat(params.getSignedBlocksWindow()).isEqualTo(10);
    assertThat(params.getMinSignedPerWindow().toString(StandardCharsets.US_ASCII)).isEqualTo("500000000000000000");

    ValidatorTruth eve = chain.truth().validator("eve");
    ValidatorSigningInfo info = slashing.signingInfo(
        QuerySigningInfoRequest.newBuilder().setConsAddress(eve.consensusAddress()).build()).getValSigningInfo();
    assertThat(info.getJailedUntil().getSeconds()).isEqualTo(eve.jailedUntil().getEpochSecond());
    assertThat(slashing.signingInfos(QuerySigningInfosRequest.getDefaultInstance()).getInfoList()).hasSize(5);
    assertThat(server.requestCount("cosmos.slashing.v1beta1.Query/SigningInfo")).isEqualTo(1);
  }

  @Test
  void heightHeaderIsCheckedAndEchoed() {
    assertThat(replyHeight(null)).isEqualTo("15");
    assertThat(replyHeight("12")).isEqualTo("12");

    assertThatThrownBy(() -> replyHeight("16"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("cannot query with height in the future; please provide a valid height: invalid height");
        });
    assertThatThrownBy(() -> replyHeight("latest"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  private String replyHeight(String height) {
    Metadata outgoing = new Metadata();
    if (height != null) {
      outgoing.put(HEIGHT, height);
    }
    AtomicReference<Metadata> headers = new AtomicReference<>();
    staking.withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(outgoing),
            MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
        .params(QueryParamsRequest.getDefaultInstance());
    return headers.get().get(HEIGHT);
  }

  @Test
  void gRpcAndAbciQueryCarryTheSameAnswer() throws Exception {
    QueryValidatorsRequest request = QueryValidatorsRequest.newBuilder()
        .setStatus("BOND_STATUS_BONDED").setPagination(PageRequest.newBuilder().setLimit(3)).build();
    OkHttpClient http = new OkHttpClient();
    try {
      AbciQueryResult abci = new CometRpcClient(RpcEndpoint.parse(server.url()), http)
          .abciQuery("/cosmos.staking.v1beta1.Query/Validators", request.toByteArray(), 0);
      assertThat(abci.code()).isZero();
      assertThat(abci.value()).isEqualTo(staking.validators(request).toByteArray());
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void methodsOutsideTheTableAreUnimplemented() {
    MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        return new byte[0];
      }
    };
    MethodDescriptor<byte[], byte[]> distributionParams = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("cosmos.distribution.v1beta1.Query/Params")
        .setRequestMarshaller(bytes)
        .setResponseMarshaller(bytes)
        .build();
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
        channel, distributionParams, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void grpcAndRestCanBeDisabled() throws Exception {
    try (SimnetServer rpcOnly = SimnetServer.builder(chain).grpc(false).rest(false).start()) {
      assertThatThrownBy(rpcOnly::grpcTarget).isInstanceOf(IllegalStateException.class).hasMessageContaining("gRPC");
      assertThatThrownBy(rpcOnly::restUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("REST");
    }
  }
}
