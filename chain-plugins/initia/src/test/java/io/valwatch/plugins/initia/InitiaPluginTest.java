package io.valwatch.plugins.initia;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.valwatch.model.BondStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.VotingProposal;
import io.valwatch.plugins.cosmos.QueryTransport;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPluginRegistry;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitiaPluginTest {
  @StartStop private final MockWebServer node = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private Server grpcServer;
  private ManagedChannel channel;

  @AfterEach
  void shutDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (grpcServer != null) {
      grpcServer.shutdownNow();
    }
  }

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(ChainPluginRegistry.loadInstalled(getClass().getClassLoader()).find("initia"))
        .containsInstanceOf(InitiaPlugin.class);
    assertThat(new InitiaPlugin().optionNames()).contains("transport", "grpc", "rest", "staking");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void everyTransportGivesTheSameChainData(String transport) throws IOException {
    ChainData data;
    try (ChainDataSource source = new InitiaDataSource(InitiaChain.CHAIN, transport(transport), true)) {
      data = source.fetch();
    }

    assertThat(data.validators()).hasSize(2);
    ValidatorInfo a = data.validators().get(0);
    assertThat(a.operatorAddress()).isEqualTo(InitiaChain.VAL_A);
    assertThat(a.consensusAddressHex()).isEqualTo(InitiaChain.ED25519_ADDRESS);
    assertThat(a.moniker()).isEqualTo("alpha");
    assertThat(a.tokens()).isEqualTo(new BigInteger("3734567891"));
    assertThat(a.tokensByDenom())
        .isEqualTo(Map.of(InitiaChain.LP, new BigInteger("4000000000"), "uinit", new BigInteger("2500000000")));
    assertThat(a.votingPower()).isEqualTo(3_734);
    assertThat(a.status()).isEqualTo(BondStatus.BONDED);
    assertThat(a.commissionRate()).isEqualByComparingTo("0.1");
    ValidatorInfo b = data.validators().get(1);
    assertThat(b.consensusKey()).isNull();
    assertThat(b.jailed()).isTrue();
    assertThat(b.votingPower()).isZero();
    assertThat(b.commissionRate()).isNull();
    assertThat(data.stakingParams()).hasValueSatisfying(p -> {
      assertThat(p.bondDenom()).isEqualTo("uinit");
      assertThat(p.maxValidators()).isEqualTo(100);
      assertThat(p.unbondingTime()).isEqualTo(Duration.ofDays(21));
    });
    assertThat(data.livenessRule()).hasValueSatisfying(r -> {
      assertThat(r.windowBlocks()).isEqualTo(100);
      assertThat(r.maxMissedBlocks()).isEqualTo(50);
    });
    assertThat(data.slashingParams().orElseThrow().slashFractionDowntime()).isEqualByComparingTo("0.01");
    assertThat(data.signingInfos())
        .isEqualTo(Map.of(InitiaChain.ED25519_ADDRESS,
            new SigningInfo(InitiaChain.ED25519_ADDRESS, 5, 3_999_990, Instant.EPOCH, false, 12)));
  }

  @Test
  void readsGovernanceThroughTheStandardGovV1Routes() throws IOException {
    node.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/cosmos/gov/v1/proposals")
            && "PROPOSAL_STATUS_VOTING_PERIOD".equals(request.getUrl().queryParameter("proposal_status"))) {
          return json(200, GOV_PROPOSALS_JSON);
        }
        if (path.equals("/cosmos/gov/v1/proposals/42/votes/" + ACCOUNT_A)) {
          return json(200, "{\"vote\":{\"proposal_id\":\"42\",\"voter\":\"" + ACCOUNT_A + "\",\"options\":"
              + "[{\"option\":\"VOTE_OPTION_ABSTAIN\",\"weight\":\"1.000000000000000000\"}],\"metadata\":\"\"}}");
        }
        if (path.equals("/cosmos/gov/v1/proposals/42/votes/" + ACCOUNT_B)) {
          return json(400, "{\"code\":3,\"message\":\"voter: " + ACCOUNT_B + " not found for proposal: 42\",\"details\":[]}");
        }
        if (path.equals("/cosmos/upgrade/v1beta1/current_plan")) {
          return json(200, "{\"plan\":null}");
        }
        return json(404, "{\"code\":5,\"message\":\"Not Found\",\"details\":[]}");
      }
    });
    GovernanceData data;
    try (ChainDataSource source = new InitiaDataSource(InitiaChain.CHAIN, transport("rest-only"), true)) {
      data = source.governance(List.of(InitiaChain.VAL_A, InitiaChain.VAL_B));
    }

    assertThat(data)
        .isEqualTo(new GovernanceData(
            List.of(new VotingProposal(42, "Whitelist the INIT-USDC LP denom", Instant.parse("2026-12-05T00:00:00Z"),
                Set.of(InitiaChain.VAL_A))),
            Optional.empty()));
  }

  private static final String ACCOUNT_A = "init1668wcrfwsfy0rmryek6ctmdkrm9yx27cpeyx5e";
  private static final String ACCOUNT_B = "init1w508d6qejxtdg4y5r3zarvary0c5xw7k5thfy6";

  private static final String GOV_PROPOSALS_JSON =
      """
      {"proposals":[{"id":"42","messages":[{"@type":"/initia.mstaking.v1.MsgUpdateParams",\
      "authority":"init10d07y265gmmuvt4z0w9aw880jnsr700j55nka3","params":{}}],\
      "status":"PROPOSAL_STATUS_VOTING_PERIOD",\
      "final_tally_result":{"yes_count":"0","abstain_count":"0","no_count":"0","no_with_veto_count":"0"},\
      "submit_time":"2026-11-28T00:00:00Z","deposit_end_time":"2026-11-30T00:00:00Z",\
      "total_deposit":[{"denom":"uinit","amount":"100000000"}],"voting_start_time":"2026-11-28T00:00:00Z",\
      "voting_end_time":"2026-12-05T00:00:00Z","metadata":"","title":"Whitelist the INIT-USDC LP denom",\
      "summary":"Add the LP denom to bond_denoms.","proposer":"init1668wcrfwsfy0rmryek6ctmdkrm9yx27cpeyx5e",\
      "expedited":false,"failed_reason":""}],"pagination":{"next_key":null,"total":"0"}}""";

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void detectsMstakingThroughItsParamsQuery() throws IOException {
    node.setDispatcher(new InitiaChain.AbciNode());

    assertThat(new InitiaPlugin().detect(context(Map.of()))).isTrue();
  }

  @Test
  void doesNotDetectAChainWithoutMstaking() throws IOException {
    node.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .body(
                    "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"response\":{\"code\":6,\"log\":\"unknown query path\","
                        + "\"info\":\"\",\"index\":\"0\",\"key\":null,\"value\":null,\"proofOps\":null,\"height\":\"0\","
                        + "\"codespace\":\"sdk\"}}}")
                .build();
          }
        });

    assertThat(new InitiaPlugin().detect(context(Map.of()))).isFalse();
  }

  @Test
  void detectsThroughRestToo() throws IOException {
    node.setDispatcher(new InitiaChain.RestNode());

    assertThat(new InitiaPlugin().detect(context(Map.of("transport", "rest", "rest", node.url("/").toString())))).isTrue();
  }

  private QueryTransport transport(String kind) throws IOException {
    return switch (kind) {
      case "rpc" -> {
        node.setDispatcher(new InitiaChain.AbciNode());
        yield io.valwatch.plugins.cosmos.CosmosOptions.openTransport(context(Map.of()));
      }
      case "rest" -> {
        node.setDispatcher(new InitiaChain.RestNode());
        yield io.valwatch.plugins.cosmos.CosmosOptions.openTransport(
            context(Map.of("transport", "rest", "rest", List.of(node.url("/").toString()))));
      }
      case "rest-only" ->
          io.valwatch.plugins.cosmos.CosmosOptions.openTransport(
              context(Map.of("transport", "rest", "rest", List.of(node.url("/").toString()))));
      case "grpc" -> grpcTransport();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** An in-process mstaking and slashing gRPC server, called with the methods' own descriptors. */
  private QueryTransport grpcTransport() throws IOException {
    String name = InProcessServerBuilder.generateName();
    grpcServer =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new InitiaChain.MstakingService())
            .addService(new InitiaChain.SlashingService())
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return new InProcessTransport(channel);
  }

  private ChainContext context(Map<String, Object> options) {
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(node.url("/").toString()), http);
    return new ChainContext(
        InitiaChain.CHAIN, List.of(client.endpoint()), List.of(client), http, Clock.systemUTC(), Duration.ofSeconds(1), options);
  }

  /** A gRPC query transport over one in-process channel. */
  private record InProcessTransport(ManagedChannel channel) implements QueryTransport {
    @Override
    public <Req extends com.google.protobuf.Message, Resp extends com.google.protobuf.Message> Reply<Resp> query(
        io.valwatch.plugins.cosmos.QueryMethod<Req, Resp> method, Req request, long height) {
      return new Reply<>(io.grpc.stub.ClientCalls.blockingUnaryCall(channel, method.grpc(), io.grpc.CallOptions.DEFAULT, request), 0);
    }

    @Override
    public String name() {
      return "gRPC";
    }

    @Override
    public void close() {}
  }
}
