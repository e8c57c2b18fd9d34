package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.valwatch.identity.Bech32;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.VotingProposal;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.gov.v1.ProposalStatus;
import io.valwatch.proto.cosmos.gov.v1.QueryProposalsRequest;
import io.valwatch.proto.cosmos.gov.v1.QueryProposalsResponse;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanRequest;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Governance read through abci_query, gRPC and REST: proposals, votes and the plan of the simulated chain, its
 * answers as other SDK versions phrase them, and a chain with gov v1beta1 only.
 */
@Timeout(120)
class GovernanceReaderTest {
  private static final String CHAIN = SimulatedHub.CHAIN;
  /** One more than a page holds. */
  private static final int PROPOSALS = Snapshot.PAGE_LIMIT + 1;
  private static final long VOTING_END = 50;
  private static final String VAL_A = "cosmosvaloper1sjllsnramtg3ewxqwwrwjxfgc4n4ef9u2lcnj0";
  private static final String ACCOUNT_A = "cosmos1sjllsnramtg3ewxqwwrwjxfgc4n4ef9u0tvx7u";
  private static final String VAL_B = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";
  private static final String ACCOUNT_B = "cosmos1668wcrfwsfy0rmryek6ctmdkrm9yx27c00y4lm";

  private static SimulatedChain chain;
  private static SimulatedChain planless;
  private static SimulatedChain legacy;
  private static SimnetServer server;
  private static SimnetServer planlessServer;
  private static SimnetServer legacyServer;
  private static String alice;
  private static String bob;

  @StartStop private final MockWebServer scripted = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final SentRequests sent = new SentRequests();
  private final List<String> grpcMethods = Collections.synchronizedList(new ArrayList<>());
  private final List<QueryTransport> transports = new ArrayList<>();
  /** What one transport asked, as gRPC method paths in order. */
  private Supplier<List<String>> asked;

  /**
   * Proposals 1 to 201 vote from block 2 to 50; alice votes on the odd ones, bob on 201 only; the plan v2 at height
   * 60 is scheduled at block 2. The planless chain has proposals 1 to 3 and no plan. The legacy chain serves gov
   * v1beta1 only, with the same proposals and votes, except that voting on 201, a SoftwareUpgradeProposal for v3,
   * ends a block later, and proposal 202 passed in block 5. 10 blocks each.
   */
  @BeforeAll
  static void startChains() throws IOException {
    SimulatedChain.Builder b = SimulatedChain.builder().chainId(CHAIN).validator("alice", 50_000_000).validator("bob", 40_000_000)
        .upgradePlan("v2", 60, "{\"binaries\":{}}", 2);
    SimulatedChain.Builder p = SimulatedChain.builder().chainId(CHAIN).validator("alice", 50_000_000).validator("bob", 40_000_000);
    SimulatedChain.Builder l = SimulatedChain.builder().chainId(CHAIN).govV1beta1Only()
        .validator("alice", 50_000_000).validator("bob", 40_000_000)
        .upgradePlan("v2", 60, "{\"binaries\":{}}", 2)
        .upgradePlan("v3", 200, "{\"binaries\":{}}", VOTING_END + 1)
        .proposal(PROPOSALS + 1, "Passed", 2, 5);
    for (int id = 1; id <= PROPOSALS; id++) {
      b.proposal(id, "Proposal " + id, 2, VOTING_END);
      l.proposal(id, "Proposal " + id, 2, id == PROPOSALS ? VOTING_END + 1 : VOTING_END);
      if (id % 2 == 1) {
        b.vote("alice", id, 3);
        l.vote("alice", id, 3);
      }
      if (id <= 3) {
        p.proposal(id, "Proposal " + id, 2, VOTING_END);
        p.vote("alice", id, 3);
      }
    }
    b.vote("bob", PROPOSALS, 4);
    l.vote("bob", PROPOSALS, 4);
    chain = b.build();
    chain.produceBlocks(10);
    planless = p.build();
    planless.produceBlocks(10);
    legacy = l.build();
    legacy.produceBlocks(10);
    server = SimnetServer.start(chain);
    planlessServer = SimnetServer.start(planless);
    legacyServer = SimnetServer.start(legacy);
    alice = chain.truth().validator("alice").operatorAddress();
    bob = chain.truth().validator("bob").operatorAddress();
  }

  @AfterAll
  static void stopChains() {
    server.close();
    planlessServer.close();
    legacyServer.close();
  }

  @AfterEach
  void shutDown() {
    transports.forEach(QueryTransport::close);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void readsProposalsInVotingPeriodWhoVotedAndThePlan(String transport) throws IOException {
    GovernanceData data = new GovernanceReader(CHAIN).read(simnet(transport, server, null), List.of(alice, bob));

    assertThat(data).isEqualTo(expected(chain, PROPOSALS, Optional.of(new UpgradePlan("v2", 60, "{\"binaries\":{}}"))));
    // Two pages of proposals, one vote query per proposal and validator, one plan query.
    assertThat(asked.get())
        .containsExactlyElementsOf(Stream.of(
                Stream.of("/cosmos.gov.v1.Query/Proposals", "/cosmos.gov.v1.Query/Proposals"),
                Stream.generate(() -> "/cosmos.gov.v1.Query/Vote").limit(2L * PROPOSALS),
                Stream.of("/cosmos.upgrade.v1beta1.Query/CurrentPlan"))
            .flatMap(s -> s)
            .toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void aNotFoundRefusalAlsoMeansNotVoted(String transport) throws IOException {
    GovernanceData data =
        new GovernanceReader(CHAIN).read(simnet(transport, planlessServer, OtherSdkVoteAnswers.NOT_FOUND), List.of(alice, bob));

    assertThat(data).isEqualTo(expected(planless, 3, Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void anyOtherRefusalOfTheVoteQueryIsAnError(String transport) {
    Snapshot snapshot = simnet(transport, planlessServer, OtherSdkVoteAnswers.STORE_CORRUPTED);

    assertThatThrownBy(() -> new GovernanceReader(CHAIN).read(snapshot, List.of(alice, bob)))
        .isInstanceOfSatisfying(ChainQueryException.class, e -> {
          assertThat(e.notFound()).isFalse();
          assertThat(e.notSupported()).isFalse();
          assertThat(e.method()).isEqualTo("/cosmos.gov.v1.Query/Vote");
        })
        .hasMessageContaining("store corrupted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void noPlanIsAnEmptyPlan(String transport) throws IOException {
    GovernanceData data = new GovernanceReader(CHAIN).read(simnet(transport, planlessServer, null), List.of(alice, bob));

    assertThat(data.upgradePlan()).isEmpty();
    assertThat(data).isEqualTo(expected(planless, 3, Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void fallsBackToGovV1beta1AndStaysThere(String transport) throws IOException {
    GovernanceReader reader = new GovernanceReader(CHAIN);
    List<String> tracked = List.of(alice, bob);

    GovernanceData first = reader.read(simnet(transport, legacyServer, null), tracked);
    int askedFirst = asked.get().size();
    GovernanceData second = reader.read(new Snapshot(CHAIN, transports.get(transports.size() - 1)), tracked);

    // Titles come from the legacy contents: TextProposals and, for 201, a SoftwareUpgradeProposal; 202 has passed.
    GovernanceData expected = expected(
        legacy, PROPOSALS, id -> id == PROPOSALS ? VOTING_END + 1 : VOTING_END,
        Optional.of(new UpgradePlan("v2", 60, "{\"binaries\":{}}")));
    assertThat(first).isEqualTo(expected);
    assertThat(second).isEqualTo(expected);
    assertThat(asked.get().subList(0, askedFirst))
        .containsExactlyElementsOf(Stream.of(
                Stream.of(
                    "/cosmos.gov.v1.Query/Proposals",
                    "/cosmos.gov.v1beta1.Query/Proposals",
                    "/cosmos.gov.v1beta1.Query/Proposals"),
                Stream.generate(() -> "/cosmos.gov.v1beta1.Query/Vote").limit(2L * PROPOSALS),
                Stream.of("/cosmos.upgrade.v1beta1.Query/CurrentPlan"))
            .flatMap(s -> s)
            .toList());
    assertThat(asked.get().subList(askedFirst, asked.get().size()))
        .doesNotContain("/cosmos.gov.v1.Query/Proposals")
        .hasSize(askedFirst - 1);
  }

  @Test
  void restPlanNullIsReadAsNoPlan() throws IOException {
    var reply = new RestTransport(CHAIN, List.of(RpcEndpoint.parse(planlessServer.restUrl())), http)
        .query(GovernanceReader.CURRENT_PLAN, QueryCurrentPlanRequest.getDefaultInstance(), 0);

    assertThat(reply.message().hasPlan()).isFalse();
  }

  @Test
  void restAsksForVotingPeriodProposalsAndVotesByAccountAddress() throws IOException {
    new GovernanceReader(CHAIN).read(simnet("rest", server, null), List.of(bob));

    String account = Bech32.encode("cosmos", Bech32.decode(bob).data());
    String nextKey = Base64.getEncoder().encodeToString(firstProposalsPageNextKey());
    List<String> urls = sent.all().stream().map(Request::url).map(GovernanceReaderTest::pathAndQuery).toList();
    assertThat(urls)
        .containsExactlyElementsOf(Stream.of(
                Stream.of(
                    "/cosmos/gov/v1/proposals?proposal_status=PROPOSAL_STATUS_VOTING_PERIOD&pagination.limit=200",
                    "/cosmos/gov/v1/proposals?proposal_status=PROPOSAL_STATUS_VOTING_PERIOD&pagination.key="
                        + nextKey.replace("=", "%3D").replace("+", "%2B").replace("/", "%2F") + "&pagination.limit=200"),
                IntStream.rangeClosed(1, PROPOSALS).mapToObj(id -> "/cosmos/gov/v1/proposals/" + id + "/votes/" + account),
                Stream.of("/cosmos/upgrade/v1beta1/current_plan"))
            .flatMap(s -> s)
            .toList());
  }

  @Test
  void aChainWithoutGovOrUpgradeGivesNoGovernanceData() throws IOException {
    scripted.setDispatcher(new FakeAbciNode(123));

    GovernanceData data = new GovernanceReader(CHAIN).read(
        new Snapshot(CHAIN, track(new AbciTransport(CHAIN, List.of(scriptedClient())))), List.of(alice, bob));

    assertThat(data).isEqualTo(GovernanceData.none());
  }

  @Test
  void restRouteMissingForTheVoteQueryIsAnErrorNotAMissingVote() {
    QueryTransport rest = track(new RestTransport(CHAIN, List.of(RpcEndpoint.parse(server.restUrl())), http));

    assertThatThrownBy(
            () -> rest.query(
                QueryMethod.of(
                    io.valwatch.proto.cosmos.gov.v1.QueryGrpc.getVoteMethod(),
                    "/cosmos/gov/v2/proposals/{proposal_id}/votes/{voter}"),
                io.valwatch.proto.cosmos.gov.v1.QueryVoteRequest.newBuilder()
                    .setProposalId(1)
                    .setVoter(Bech32.encode("cosmos", Bech32.decode(alice).data()))
                    .build(),
                0))
        .isInstanceOfSatisfying(ChainQueryException.class, e -> {
          assertThat(e.notFound()).isFalse();
          assertThat(e.notSupported()).isTrue();
        });
  }

  @Test
  void aTrackedAddressThatIsNotAnOperatorAddressIsRejectedByName() {
    String account = Bech32.encode("cosmos", Bech32.decode(alice).data());

    assertThatThrownBy(() -> new GovernanceReader(CHAIN).read(simnet("rpc", planlessServer, null), List.of(account)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(account);
  }

  @Test
  void operatorAddressMapsToTheAccountWithTheSameBytes() {
    assertThat(AccountAddresses.ofOperator(VAL_A)).isEqualTo(ACCOUNT_A);
    assertThat(AccountAddresses.ofOperator(VAL_B)).isEqualTo(ACCOUNT_B);
    assertThat(AccountAddresses.ofOperator("initvaloper1sjllsnramtg3ewxqwwrwjxfgc4n4ef9u4c4vmw"))
        .isEqualTo("init1sjllsnramtg3ewxqwwrwjxfgc4n4ef9upav447");
  }

  @Test
  void accountAndConsensusAddressesAreNotOperatorAddresses() {
    assertThatThrownBy(() -> AccountAddresses.ofOperator(ACCOUNT_A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + ACCOUNT_A + "' is not a validator operator address: its prefix 'cosmos' is not an "
            + "account prefix followed by 'valoper'");
    assertThatThrownBy(() -> AccountAddresses.ofOperator("cosmosvalcons1w508d6qejxtdg4y5r3zarvary0c5xw7kt6sn02"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cosmosvalcons'");
  }

  /**
   * What the reader must find for alice and bob in the first {@code proposals} proposals of a scenario: alice
   * voted on the odd ones, bob on 201 only.
   */
  private GovernanceData expected(SimulatedChain scenario, int proposals, Optional<UpgradePlan> plan) {
    return expected(scenario, proposals, id -> VOTING_END, plan);
  }

  /** As {@link #expected(SimulatedChain, int, Optional)}, voting on each proposal ending in block {@code votingEnd}. */
  private GovernanceData expected(
      SimulatedChain scenario, int proposals, LongUnaryOperator votingEnd, Optional<UpgradePlan> plan) {
    List<VotingProposal> voting = new ArrayList<>();
    for (int id = 1; id <= proposals; id++) {
      Set<String> voted = id == PROPOSALS ? Set.of(alice, bob) : id % 2 == 1 || proposals == 3 ? Set.of(alice) : Set.of();
      voting.add(new VotingProposal(id, "Proposal " + id, scenario.blockTime(votingEnd.applyAsLong(id)), voted));
    }
    return new GovernanceData(voting, plan);
  }

  /**
   * A snapshot of a simulated chain over one transport, recording what it asks; {@code answers}, when given,
   * rewrites the Vote answers as another SDK version gives them.
   */
  private Snapshot simnet(String transport, SimnetServer simnet, OtherSdkVoteAnswers answers) {
    OkHttpClient client = answers == null ? sent.on(http) : sent.on(http.newBuilder().addInterceptor((Interceptor) answers).build());
    QueryTransport queries =
        switch (transport) {
          case "rpc" -> {
            asked = () -> sent.abciQueries().stream().map(SentRequests.AbciQuery::path).toList();
            yield new AbciTransport(CHAIN, List.of(new CometRpcClient(RpcEndpoint.parse(simnet.url()), client)));
          }
          case "grpc" -> {
            asked = () -> List.copyOf(grpcMethods);
            ManagedChannelBuilder<?> channel =
                ManagedChannelBuilder.forTarget(simnet.grpcTarget()).usePlaintext().intercept(methodsCalled());
            if (answers != null) {
              channel.intercept((ClientInterceptor) answers);
            }
            yield new GrpcTransport(CHAIN, List.of(GrpcEndpoint.parse(simnet.grpcTarget())), e -> channel, Duration.ofSeconds(10));
          }
          case "rest" -> {
            asked = () -> sent.all().stream().map(r -> restToGrpc(r.url().encodedPath())).toList();
            yield new RestTransport(CHAIN, List.of(RpcEndpoint.parse(simnet.restUrl())), client);
          }
          default -> throw new IllegalArgumentException(transport);
        };
    return new Snapshot(CHAIN, track(queries));
  }

  /** Records the full name of every gRPC method called, as {@code /service/method}. */
  private ClientInterceptor methodsCalled() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        grpcMethods.add("/" + method.getFullMethodName());
        return next.newCall(method, options);
      }
    };
  }

  /** The next_key of the first page of 200 proposals in their voting period, asked of the simulator directly. */
  private byte[] firstProposalsPageNextKey() throws IOException {
    QueryProposalsRequest request = QueryProposalsRequest.newBuilder()
        .setProposalStatus(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
        .setPagination(PageRequest.newBuilder().setLimit(Snapshot.PAGE_LIMIT))
        .build();
    byte[] reply = new CometRpcClient(RpcEndpoint.parse(server.url()), http)
        .abciQuery("/cosmos.gov.v1.Query/Proposals", request.toByteArray(), 0)
        .value();
    byte[] key = QueryProposalsResponse.parseFrom(reply).getPagination().getNextKey().toByteArray();
    assertThat(key).isNotEmpty();
    return key;
  }

  private static String pathAndQuery(HttpUrl url) {
    return url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
  }

  private static String restToGrpc(String path) {
    String version = path.startsWith("/cosmos/gov/v1beta1/") ? "v1beta1" : "v1";
    if (path.startsWith("/cosmos/upgrade/")) {
      return "/cosmos.upgrade.v1beta1.Query/CurrentPlan";
    }
    return "/cosmos.gov." + version + ".Query/" + (path.contains("/votes/") ? "Vote" : "Proposals");
  }

  private CometRpcClient scriptedClient() {
    return new CometRpcClient(RpcEndpoint.parse(scripted.url("/").toString()), http);
  }

  private QueryTransport track(QueryTransport transport) {
    transports.add(transport);
    return transport;
  }
}
