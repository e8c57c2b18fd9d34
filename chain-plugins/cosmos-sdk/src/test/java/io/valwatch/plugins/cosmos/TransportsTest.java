package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.valwatch.identity.KeyType;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same chain state read through abci_query, gRPC and REST gives the same chain data. */
class TransportsTest {
  private static final String CHAIN = HubChain.CHAIN;

  @StartStop private final MockWebServer rpc = new MockWebServer();
  @StartStop private final MockWebServer rest = new MockWebServer();
  @StartStop private final MockWebServer restBackup = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final List<Server> servers = new ArrayList<>();
  private final List<QueryTransport> transports = new ArrayList<>();

  @AfterEach
  void shutDown() {
    transports.forEach(QueryTransport::close);
    servers.forEach(Server::shutdownNow);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void everyTransportGivesTheSameChainData(String transport) throws IOException {
    ChainData data;
    try (CosmosSdkDataSource source = new CosmosSdkDataSource(CHAIN, hubTransport(transport), true)) {
      data = source.fetch();
    }

    assertThat(data).isEqualTo(expectedHubData());
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "rest"})
  void queriesAfterTheFirstArePinnedToTheHeightTheFirstWasAnsweredAt(String transport) throws IOException {
    HubChain.HeightHeaders grpcHeights = new HubChain.HeightHeaders();
    HubChain.RestNode restNode = new HubChain.RestNode();
    rest.setDispatcher(restNode);
    QueryTransport queries =
        transport.equals("grpc") ? grpc(List.of(hubServer(grpcHeights))) : restTransport(rest);

    try (CosmosSdkDataSource source = new CosmosSdkDataSource(CHAIN, queries, true)) {
      source.fetch();
    }

    List<Long> asked =
        transport.equals("grpc")
            ? List.copyOf(grpcHeights.asked)
            : restNode.requests.stream()
                .map(r -> r.getHeaders().get(RestTransport.BLOCK_HEIGHT_HEADER))
                .map(h -> h == null ? 0L : Long.parseLong(h))
                .toList();
    assertThat(asked).containsExactly(0L, HubChain.HEIGHT, HubChain.HEIGHT, HubChain.HEIGHT, HubChain.HEIGHT);
  }

  @Test
  void restSendsPaginationAsGatewayQueryParameters() throws IOException {
    HubChain.RestNode restNode = new HubChain.RestNode();
    rest.setDispatcher(restNode);

    try (CosmosSdkDataSource source = new CosmosSdkDataSource(CHAIN, restTransport(rest), true)) {
      source.fetch();
    }

    RecordedRequest second = restNode.requests.get(1);
    assertThat(second.getUrl().encodedPath()).isEqualTo("/cosmos/staking/v1beta1/validators");
    assertThat(second.getUrl().queryParameter("pagination.key")).isEqualTo(HubChain.PAGE_TWO_BASE64);
    assertThat(second.getUrl().queryParameter("pagination.limit")).isEqualTo("200");
    assertThat(second.getUrl().queryParameterNames()).containsExactlyInAnyOrder("pagination.key", "pagination.limit");
  }

  @Test
  void grpcUnimplementedIsANotSupportedRefusalAndNoOtherEndpointIsAsked() {
    AtomicInteger backupCalls = new AtomicInteger();
    String refusing = inProcess(new io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryImplBase() {});
    String backup = inProcess(countingParams(backupCalls));
    QueryTransport queries = grpc(List.of(refusing, backup));

    assertThatThrownBy(() -> queries.query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOfSatisfying(
            ChainQueryException.class,
            e -> {
              assertThat(e.notSupported()).isTrue();
              assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED.value());
              assertThat(e.method()).isEqualTo("/cosmos.staking.v1beta1.Query/Params");
            })
        .hasMessageStartingWith("gRPC /cosmos.staking.v1beta1.Query/Params on chain " + CHAIN + " via http://")
        .hasMessageContaining("failed with code 12 (UNIMPLEMENTED)")
        .hasMessageEndingWith("[the chain does not serve this query]");
    assertThat(backupCalls).hasValue(0);
  }

  @Test
  void grpcRetriesUnavailableOnTheSameEndpointWithTheBuiltInPolicy() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    String flaky =
        inProcess(
            new io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryImplBase() {
              @Override
              public void params(QueryParamsRequest request, StreamObserver<QueryParamsResponse> reply) {
                if (calls.incrementAndGet() == 1) {
                  reply.onError(Status.UNAVAILABLE.withDescription("warming up").asRuntimeException());
                  return;
                }
                reply.onNext(QueryParamsResponse.newBuilder().setParams(HubChain.stakingParams()).build());
                reply.onCompleted();
              }
            });

    QueryParamsResponse reply =
        grpc(List.of(flaky)).query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0).message();

    assertThat(reply.getParams().getBondDenom()).isEqualTo("uatom");
    assertThat(calls).hasValue(2);
  }

  @Test
  void grpcFailsOverWhenAnEndpointStaysUnavailableAndSticksToTheOneThatAnswered() throws IOException {
    AtomicInteger downCalls = new AtomicInteger();
    AtomicInteger upCalls = new AtomicInteger();
    String down =
        inProcess(
            new io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryImplBase() {
              @Override
              public void params(QueryParamsRequest request, StreamObserver<QueryParamsResponse> reply) {
                downCalls.incrementAndGet();
                reply.onError(Status.UNAVAILABLE.withDescription("node is syncing").asRuntimeException());
              }
            });
    QueryTransport queries = grpc(List.of(down, inProcess(countingParams(upCalls))));

    queries.query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0);
    queries.query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0);

    assertThat(downCalls).hasValue(3);
    assertThat(upCalls).hasValue(2);
  }

  @Test
  void grpcEndpointsAllUnavailableNameTheQueryAndTheLastEndpoint() {
    String down =
        inProcess(
            new io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryImplBase() {
              @Override
              public void params(QueryParamsRequest request, StreamObserver<QueryParamsResponse> reply) {
                reply.onError(Status.UNAVAILABLE.withDescription("node is syncing").asRuntimeException());
              }
            });

    assertThatThrownBy(() -> grpc(List.of(down)).query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ChainQueryException.class)
        .hasMessageStartingWith("gRPC /cosmos.staking.v1beta1.Query/Params on chain " + CHAIN + " failed on all 1 endpoints")
        .hasMessageEndingWith("UNAVAILABLE: node is syncing");
  }

  @Test
  void restNotImplementedReplyIsARefusalNamingCodeAndMessage() {
    rest.setDispatcher(new HubChain.RestNode());

    assertThatThrownBy(
            () -> restTransport(rest).query(
                InitiaLikeRoutes.MSTAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOfSatisfying(ChainQueryException.class, e -> {
          assertThat(e.notSupported()).isTrue();
          assertThat(e.code()).isEqualTo(12);
          assertThat(e.detail()).isEqualTo("Not Implemented");
        })
        .hasMessage(
            "REST /initia/mstaking/v1/params on chain " + CHAIN + " via " + RpcEndpoint.parse(rest.url("/").toString()).redacted()
                + " failed with code 12 (HTTP 501): Not Implemented [the chain does not serve this query]");
  }

  @Test
  void restFailsOverOnAnUnavailableGatewayAndNeverShowsTheApiKey() throws Exception {
    rest.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(503).body("<html>upstream down</html>").build();
      }
    });
    restBackup.setDispatcher(new HubChain.RestNode());
    RpcEndpoint keyed = RpcEndpoint.parse(rest.url("/a1b2c3d4e5f6a7b8c9d0").toString());
    RestTransport queries = new RestTransport(CHAIN, List.of(keyed, RpcEndpoint.parse(restBackup.url("/").toString())), http);

    QueryParamsResponse reply = queries.query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0).message();

    assertThat(reply.getParams().getMaxValidators()).isEqualTo(180);
    assertThat(rest.takeRequest().getUrl().encodedPath()).isEqualTo("/a1b2c3d4e5f6a7b8c9d0/cosmos/staking/v1beta1/params");

    rest.setDispatcher(new HubChain.RestNode());
    RestTransport onlyKeyed = new RestTransport(CHAIN, List.of(keyed), http);
    assertThatThrownBy(() -> onlyKeyed.query(InitiaLikeRoutes.MSTAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .hasMessageContaining("/***")
        .hasMessageNotContaining("a1b2c3d4e5f6a7b8c9d0");
  }

  @Test
  void restReplyThatIsNotJsonIsAnErrorNamingTheRoute() {
    rest.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body("<html>hello</html>").build();
      }
    });

    assertThatThrownBy(() -> restTransport(rest).query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("REST /cosmos/staking/v1beta1/params on chain " + CHAIN + " via ")
        .hasMessageEndingWith("returned a body that is not JSON: <html>hello</html>");
  }

  @Test
  void restJsonWithAWrongTypeNamesTheField() {
    rest.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body("{\"params\":{\"max_validators\":\"many\"}}").build();
      }
    });

    assertThatThrownBy(() -> restTransport(rest).query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith(
            "returned JSON that is not a valid reply: cosmos.staking.v1beta1.QueryParamsResponse.params.max_validators: "
                + "'many' is not a UINT32");
  }

  /** The chain data every transport must produce for {@link HubChain}, read at the height the nodes answer at. */
  static ChainData expectedHubData() throws IOException {
    // Built from the binary messages the abci_query and gRPC nodes serve.
    List<ValidatorInfo> validators = new ArrayList<>();
    for (var v : HubChain.validatorsPage(com.google.protobuf.ByteString.EMPTY).getValidatorsList()) {
      validators.add(StakingConversions.validatorInfo(v, "uatom"));
    }
    for (var v : HubChain.validatorsPage(HubChain.PAGE_TWO).getValidatorsList()) {
      validators.add(StakingConversions.validatorInfo(v, "uatom"));
    }
    var slashing = SlashingConversions.slashingParams(HubChain.slashingParams());
    Map<String, SigningInfo> infos =
        Map.of(
            ProtoFixtures.ED25519_ADDRESS,
            new SigningInfo(ProtoFixtures.ED25519_ADDRESS, 0, 25_053_975, Instant.EPOCH, false, 41),
            ProtoFixtures.SECP256K1_ADDRESS,
            new SigningInfo(ProtoFixtures.SECP256K1_ADDRESS, 7, 0, Instant.parse("9999-12-31T23:59:59Z"), true, 0));
    ChainData expected =
        new ChainData(
            validators,
            java.util.Optional.of(StakingConversions.stakingParams(HubChain.stakingParams())),
            java.util.Optional.of(slashing),
            java.util.Optional.of(slashing.livenessRule()),
            infos,
            HubChain.HEIGHT);
    // Spot checks, so that the reference itself cannot drift.
    assertThat(validators).extracting(ValidatorInfo::tokens)
        .containsExactly(new BigInteger("1500000000"), new BigInteger("3000000"), new BigInteger("42"));
    assertThat(validators.get(0).commissionRate()).isEqualByComparingTo("0.05");
    assertThat(validators.get(1).consensusKey()).isNull();
    assertThat(validators.get(2).consensusKey().type()).isEqualTo(KeyType.SECP256K1);
    assertThat(slashing.slashFractionDowntime()).isEqualByComparingTo("0.0001");
    return expected;
  }

  private QueryTransport hubTransport(String transport) {
    return switch (transport) {
      case "rpc" -> {
        rpc.setDispatcher(HubChain.abciNode());
        yield new AbciTransport(CHAIN, List.of(new CometRpcClient(RpcEndpoint.parse(rpc.url("/").toString()), http)));
      }
      case "grpc" -> grpc(List.of(hubServer(new HubChain.HeightHeaders())));
      case "rest" -> {
        rest.setDispatcher(new HubChain.RestNode());
        yield restTransport(rest);
      }
      default -> throw new IllegalArgumentException(transport);
    };
  }

  private RestTransport restTransport(MockWebServer server) {
    return new RestTransport(CHAIN, List.of(RpcEndpoint.parse(server.url("/").toString())), http);
  }

  private String hubServer(HubChain.HeightHeaders heights) {
    String name = InProcessServerBuilder.generateName();
    servers.add(startServer(InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new HubChain.StakingService(), heights))
        .addService(ServerInterceptors.intercept(new HubChain.SlashingService(), heights))));
    return name;
  }

  private String inProcess(io.grpc.BindableService service) {
    String name = InProcessServerBuilder.generateName();
    servers.add(startServer(InProcessServerBuilder.forName(name).addService(service)));
    return name;
  }

  private static Server startServer(InProcessServerBuilder builder) {
    try {
      return builder.directExecutor().build().start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A gRPC transport whose endpoints are in-process servers, named by the endpoint's host. */
  private QueryTransport grpc(List<String> serverNames) {
    List<GrpcEndpoint> endpoints = serverNames.stream().map(n -> GrpcEndpoint.parse(n + ":9090")).toList();
    GrpcTransport transport =
        new GrpcTransport(
            CHAIN,
            endpoints,
            e -> InProcessChannelBuilder.forName(e.target().substring(0, e.target().lastIndexOf(':'))).directExecutor(),
            Duration.ofSeconds(5));
    transports.add(transport);
    return transport;
  }

  private static io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryImplBase countingParams(AtomicInteger calls) {
    return new io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryImplBase() {
      @Override
      public void params(QueryParamsRequest request, StreamObserver<QueryParamsResponse> reply) {
        calls.incrementAndGet();
        reply.onNext(QueryParamsResponse.newBuilder().setParams(HubChain.stakingParams()).build());
        reply.onCompleted();
      }
    };
  }

  /** A route the Hub's REST API does not have, the way an x/mstaking query looks to it. */
  private static final class InitiaLikeRoutes {
    static final QueryMethod<QueryParamsRequest, QueryParamsResponse> MSTAKING_PARAMS =
        QueryMethod.of(io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.getParamsMethod(), "/initia/mstaking/v1/params");
  }
}
