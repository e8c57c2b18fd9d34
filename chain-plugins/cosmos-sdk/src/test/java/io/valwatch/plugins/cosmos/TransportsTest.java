package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.StakingModule;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated chain read through abci_query, gRPC and REST gives what the simulator holds; each transport's
 * own failures and refusals, against scripted servers.
 */
@Timeout(60)
class TransportsTest {
  private static final String CHAIN = SimulatedHub.CHAIN;

  @RegisterExtension static final SimulatedHub.Served hub = new SimulatedHub.Served();

  @StartStop private final MockWebServer rest = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final SentRequests sent = new SentRequests();
  private final List<Server> servers = new ArrayList<>();
  private final List<QueryTransport> transports = new ArrayList<>();

  @AfterEach
  void shutDown() {
    transports.forEach(QueryTransport::close);
    servers.forEach(Server::shutdownNow);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void everyTransportReadsWhatTheChainHolds(String transport) throws IOException {
    ChainData data;
    try (CosmosSdkDataSource source = new CosmosSdkDataSource(CHAIN, simnetTransport(transport, new ArrayList<>()), true)) {
      data = source.fetch();
    }

    SimulatedHub.assertIsTheTruth(data, hub.chain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "rest"})
  void queriesAfterTheFirstArePinnedToTheHeightTheFirstWasAnsweredAt(String transport) throws IOException {
    List<Long> grpcHeights = Collections.synchronizedList(new ArrayList<>());

    try (CosmosSdkDataSource source = new CosmosSdkDataSource(CHAIN, simnetTransport(transport, grpcHeights), true)) {
      source.fetch();
    }

    List<Long> asked =
        transport.equals("grpc")
            ? List.copyOf(grpcHeights)
            : sent.all().stream()
                .map(r -> r.header(RestTransport.BLOCK_HEIGHT_HEADER))
                .map(h -> h == null ? 0L : Long.parseLong(h))
                .toList();
    long height = hub.chain.latestHeight();
    assertThat(asked).containsExactly(0L, height, height, height, height);
  }

  @Test
  void restSendsPaginationAsGatewayQueryParameters() throws IOException {
    try (CosmosSdkDataSource source = new CosmosSdkDataSource(CHAIN, simnetTransport("rest", new ArrayList<>()), true)) {
      source.fetch();
    }

    HttpUrl second = sent.all().get(1).url();
    assertThat(second.encodedPath()).isEqualTo("/cosmos/staking/v1beta1/validators");
    assertThat(second.queryParameter("pagination.key")).isEqualTo(Base64.getEncoder().encodeToString(SimulatedHub.firstPageNextKey(hub.server, http).toByteArray()));
    assertThat(second.queryParameter("pagination.limit")).isEqualTo("200");
    assertThat(second.queryParameterNames()).containsExactlyInAnyOrder("pagination.key", "pagination.limit");
  }

  @Test
  void restReadsTheHubsLiquidStakingFieldsAndAKeyTypeItDoesNotKnow() throws IOException {
    rest.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(HUB_VALIDATORS_PAGE).build();
      }
    });

    QueryValidatorsResponse reply =
        restTransport(rest).query(CosmosSdkDataSource.VALIDATORS, QueryValidatorsRequest.getDefaultInstance(), 0).message();

    assertThat(reply.getValidatorsList()).extracting(v -> v.getOperatorAddress())
        .containsExactly("cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng", "cosmosvaloper1w508d6qejxtdg4y5r3zarvary0c5xw7klfr0rt");
    ValidatorInfo ed = StakingConversions.validatorInfo(reply.getValidators(0), "uatom");
    assertThat(ed.consensusAddressHex()).isEqualTo(ProtoFixtures.ED25519_ADDRESS);
    assertThat(ed.tokens()).isEqualTo(BigInteger.valueOf(1_500_000_000L));
    assertThat(StakingConversions.validatorInfo(reply.getValidators(1), "uatom").consensusKey()).isNull();
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
                reply.onNext(QueryParamsResponse.newBuilder().setParams(stakingParams()).build());
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
  void restNotImplementedReplyIsARefusalNamingCodeAndMessage() throws IOException {
    SimulatedChain initia = SimulatedChain.builder().chainId(CHAIN).stakingModule(StakingModule.INITIA)
        .validator("alice", 60_000_000).build();
    initia.produceBlocks(2);
    try (SimnetServer server = SimnetServer.start(initia)) {
      RestTransport queries = new RestTransport(CHAIN, List.of(RpcEndpoint.parse(server.restUrl())), http);

      assertThatThrownBy(
              () -> queries.query(CosmosSdkDataSource.VALIDATORS, QueryValidatorsRequest.getDefaultInstance(), 0))
          .isInstanceOfSatisfying(ChainQueryException.class, e -> {
            assertThat(e.notSupported()).isTrue();
            assertThat(e.code()).isEqualTo(12);
            assertThat(e.detail()).isEqualTo("Not Implemented");
          })
          .hasMessage(
              "REST /cosmos/staking/v1beta1/validators on chain " + CHAIN + " via "
                  + RpcEndpoint.parse(server.restUrl()).redacted()
                  + " failed with code 12 (HTTP 501): Not Implemented [the chain does not serve this query]");
    }
  }

  @Test
  void restFailsOverOnAnUnavailableGatewayAndNeverShowsTheApiKey() throws Exception {
    rest.setDispatcher(answering(new MockResponse.Builder().code(503).body("<html>upstream down</html>").build()));
    RpcEndpoint keyed = RpcEndpoint.parse(rest.url("/a1b2c3d4e5f6a7b8c9d0").toString());
    RestTransport queries = new RestTransport(CHAIN, List.of(keyed, RpcEndpoint.parse(hub.server.restUrl())), http);

    QueryParamsResponse reply = queries.query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0).message();

    assertThat(reply.getParams().getMaxValidators()).isEqualTo(180);
    assertThat(rest.takeRequest().getUrl().encodedPath()).isEqualTo("/a1b2c3d4e5f6a7b8c9d0/cosmos/staking/v1beta1/params");

    rest.setDispatcher(answering(new MockResponse.Builder().code(501).addHeader("Content-Type", "application/json")
        .body("{\"code\":12,\"message\":\"Not Implemented\",\"details\":[]}").build()));
    RestTransport onlyKeyed = new RestTransport(CHAIN, List.of(keyed), http);
    assertThatThrownBy(() -> onlyKeyed.query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .hasMessageContaining("/***")
        .hasMessageNotContaining("a1b2c3d4e5f6a7b8c9d0");
  }

  @Test
  void restReplyThatIsNotJsonIsAnErrorNamingTheRoute() {
    rest.setDispatcher(answering(new MockResponse.Builder().body("<html>hello</html>").build()));

    assertThatThrownBy(() -> restTransport(rest).query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("REST /cosmos/staking/v1beta1/params on chain " + CHAIN + " via ")
        .hasMessageEndingWith("returned a body that is not JSON: <html>hello</html>");
  }

  @Test
  void restJsonWithAWrongTypeNamesTheField() {
    rest.setDispatcher(answering(new MockResponse.Builder().body("{\"params\":{\"max_validators\":\"many\"}}").build()));

    assertThatThrownBy(() -> restTransport(rest).query(CosmosSdkDataSource.STAKING_PARAMS, QueryParamsRequest.getDefaultInstance(), 0))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith(
            "returned JSON that is not a valid reply: cosmos.staking.v1beta1.QueryParamsResponse.params.max_validators: "
                + "'many' is not a UINT32");
  }

  /**
   * A transport to the simulated chain; gRPC calls record the height they ask for in {@code grpcHeights},
   * REST requests go through {@link #sent}.
   */
  private QueryTransport simnetTransport(String transport, List<Long> grpcHeights) {
    return switch (transport) {
      case "rpc" -> new AbciTransport(CHAIN, List.of(new CometRpcClient(RpcEndpoint.parse(hub.server.url()), http)));
      case "grpc" -> {
        GrpcTransport grpc = new GrpcTransport(
            CHAIN,
            List.of(GrpcEndpoint.parse(hub.server.grpcTarget())),
            e -> ManagedChannelBuilder.forTarget(hub.server.grpcTarget()).usePlaintext().intercept(heightsAskedInto(grpcHeights)),
            Duration.ofSeconds(10));
        transports.add(grpc);
        yield grpc;
      }
      case "rest" -> new RestTransport(CHAIN, List.of(RpcEndpoint.parse(hub.server.restUrl())), sent.on(http));
      default -> throw new IllegalArgumentException(transport);
    };
  }

  /** Records the {@code x-cosmos-block-height} each call asks for, 0 when none. */
  private static ClientInterceptor heightsAskedInto(List<Long> heights) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            String height = headers.get(GrpcTransport.BLOCK_HEIGHT);
            heights.add(height == null ? 0 : Long.parseLong(height));
            super.start(listener, headers);
          }
        };
      }
    };
  }

  private static mockwebserver3.Dispatcher answering(MockResponse response) {
    return new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return response;
      }
    };
  }

  private static Params stakingParams() {
    return Params.newBuilder().setMaxValidators(180).setBondDenom("uatom").build();
  }

  private RestTransport restTransport(MockWebServer server) {
    return new RestTransport(CHAIN, List.of(RpcEndpoint.parse(server.url("/").toString())), http);
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
        reply.onNext(QueryParamsResponse.newBuilder().setParams(stakingParams()).build());
        reply.onCompleted();
      }
    };
  }

  /**
   * A Cosmos Hub validators page as its LCD sends it: the first validator carries the liquid staking fields
   * ({@code validator_bond_shares}, {@code liquid_shares}), the second a BLS key, neither of which valwatch
   * knows.
   */
  private static final String HUB_VALIDATORS_PAGE =
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
      "pagination":{"next_key":null,"total":"0"}}""";
}
