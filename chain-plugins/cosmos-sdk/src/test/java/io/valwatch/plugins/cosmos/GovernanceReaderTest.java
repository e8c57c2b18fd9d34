package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.valwatch.model.GovernanceData;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Governance read through abci_query, gRPC and REST: proposals, votes, the plan, fallback and errors. */
class GovernanceReaderTest {
  private static final String CHAIN = SimulatedHub.CHAIN;
  private static final List<String> TRACKED = List.of(GovChain.VAL_A, GovChain.VAL_B);

  @StartStop private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final List<Server> servers = new ArrayList<>();
  private final List<QueryTransport> transports = new ArrayList<>();

  /** What one transport asked, as gRPC method paths in order. */
  private Asked asked;

  private interface Asked {
    List<String> paths();
  }

  @AfterEach
  void shutDown() {
    transports.forEach(QueryTransport::close);
    servers.forEach(Server::shutdownNow);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void readsProposalsInVotingPeriodWhoVotedAndThePlan(String transport) throws IOException {
    GovChain chain = GovChain.standard();

    GovernanceData data = new GovernanceReader(CHAIN).read(snapshot(transport, chain), TRACKED);

    assertThat(data).isEqualTo(chain.expected());
    assertThat(data.votingProposals().get(1).votedOperators()).containsExactlyInAnyOrder(GovChain.VAL_A, GovChain.VAL_B);
    // Two pages of proposals, one vote query per proposal and validator, one plan query.
    assertThat(asked.paths())
        .containsExactly(
            "/cosmos.gov.v1.Query/Proposals",
            "/cosmos.gov.v1.Query/Proposals",
            "/cosmos.gov.v1.Query/Vote",
            "/cosmos.gov.v1.Query/Vote",
            "/cosmos.gov.v1.Query/Vote",
            "/cosmos.gov.v1.Query/Vote",
            "/cosmos.upgrade.v1beta1.Query/CurrentPlan");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void aNotFoundRefusalAlsoMeansNotVoted(String transport) throws IOException {
    GovChain chain = GovChain.standard().saying(GovChain.NoVote.NOT_FOUND);

    GovernanceData data = new GovernanceReader(CHAIN).read(snapshot(transport, chain), TRACKED);

    assertThat(data).isEqualTo(chain.expected());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void anyOtherRefusalOfTheVoteQueryIsAnError(String transport) {
    GovChain chain = GovChain.standard().withBrokenVoteStore();

    assertThatThrownBy(() -> new GovernanceReader(CHAIN).read(snapshot(transport, chain), TRACKED))
        .isInstanceOfSatisfying(ChainQueryException.class, e -> {
          assertThat(e.notFound()).isFalse();
          assertThat(e.notSupported()).isFalse();
          assertThat(e.method()).isEqualTo("/cosmos.gov.v1.Query/Vote");
        })
        .hasMessageContaining("store corrupted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void fallsBackToGovV1beta1AndStaysThere(String transport) throws IOException {
    GovChain chain = GovChain.standard().withoutGovV1();
    GovernanceReader reader = new GovernanceReader(CHAIN);

    GovernanceData first = reader.read(snapshot(transport, chain), TRACKED);
    int askedFirst = asked.paths().size();
    GovernanceData second = reader.read(new Snapshot(CHAIN, transports.get(transports.size() - 1)), TRACKED);

    // Titles come from the legacy contents: a TextProposal and a SoftwareUpgradeProposal.
    assertThat(first).isEqualTo(chain.expected());
    assertThat(second).isEqualTo(chain.expected());
    assertThat(asked.paths().subList(0, askedFirst))
        .containsExactly(
            "/cosmos.gov.v1.Query/Proposals",
            "/cosmos.gov.v1beta1.Query/Proposals",
            "/cosmos.gov.v1beta1.Query/Proposals",
            "/cosmos.gov.v1beta1.Query/Vote",
            "/cosmos.gov.v1beta1.Query/Vote",
            "/cosmos.gov.v1beta1.Query/Vote",
            "/cosmos.gov.v1beta1.Query/Vote",
            "/cosmos.upgrade.v1beta1.Query/CurrentPlan");
    assertThat(asked.paths().subList(askedFirst, asked.paths().size()))
        .doesNotContain("/cosmos.gov.v1.Query/Proposals")
        .hasSize(askedFirst - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void noPlanIsAnEmptyPlan(String transport) throws IOException {
    GovChain chain = GovChain.standard().withoutPlan();

    GovernanceData data = new GovernanceReader(CHAIN).read(snapshot(transport, chain), TRACKED);

    assertThat(data.upgradePlan()).isEmpty();
    assertThat(data).isEqualTo(chain.expected());
  }

  @Test
  void restPlanNullIsReadAsNoPlan() throws IOException {
    server.setDispatcher(GovChain.standard().withoutPlan().restNode());

    var reply = restTransport().query(GovernanceReader.CURRENT_PLAN,
        io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanRequest.getDefaultInstance(), 0);

    assertThat(reply.message().hasPlan()).isFalse();
  }

  @Test
  void restAsksForVotingPeriodProposalsAndVotesByAccountAddress() throws IOException {
    GovChain.RestNode node = GovChain.standard().restNode();
    server.setDispatcher(node);

    new GovernanceReader(CHAIN).read(new Snapshot(CHAIN, restTransport()), List.of(GovChain.VAL_B));

    List<String> urls = node.requests.stream().map(RecordedRequest::getUrl).map(u -> u.encodedPath() + (u.encodedQuery() == null ? "" : "?" + u.encodedQuery())).toList();
    assertThat(urls)
        .containsExactly(
            "/cosmos/gov/v1/proposals?proposal_status=PROPOSAL_STATUS_VOTING_PERIOD&pagination.limit=200",
            "/cosmos/gov/v1/proposals?proposal_status=PROPOSAL_STATUS_VOTING_PERIOD&pagination.key=AAAAAAAAAAk%3D&pagination.limit=200",
            "/cosmos/gov/v1/proposals/7/votes/" + GovChain.ACCOUNT_B ,
            "/cosmos/gov/v1/proposals/9/votes/" + GovChain.ACCOUNT_B ,
            "/cosmos/upgrade/v1beta1/current_plan");
  }

  @Test
  void aChainWithoutGovOrUpgradeGivesNoGovernanceData() throws IOException {
    server.setDispatcher(new FakeAbciNode(123));

    GovernanceReader reader = new GovernanceReader(CHAIN);
    GovernanceData data = reader.read(new Snapshot(CHAIN, abciTransport()), TRACKED);

    assertThat(data).isEqualTo(GovernanceData.none());
  }

  @Test
  void restRouteMissingForTheVoteQueryIsAnErrorNotAMissingVote() {
    GovChain.RestNode node = GovChain.standard().restNode();
    server.setDispatcher(node);
    QueryTransport rest = restTransport();

    assertThatThrownBy(
            () -> rest.query(
                QueryMethod.of(
                    io.valwatch.proto.cosmos.gov.v1.QueryGrpc.getVoteMethod(),
                    "/cosmos/gov/v2/proposals/{proposal_id}/votes/{voter}"),
                io.valwatch.proto.cosmos.gov.v1.QueryVoteRequest.newBuilder().setProposalId(7).setVoter(GovChain.ACCOUNT_B).build(),
                0))
        .isInstanceOfSatisfying(ChainQueryException.class, e -> {
          assertThat(e.notFound()).isFalse();
          assertThat(e.notSupported()).isTrue();
        });
  }

  @Test
  void aTrackedAddressThatIsNotAnOperatorAddressIsRejectedByName() {
    server.setDispatcher(GovChain.standard().abciNode());

    assertThatThrownBy(
            () -> new GovernanceReader(CHAIN).read(new Snapshot(CHAIN, abciTransport()), List.of(GovChain.ACCOUNT_A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(GovChain.ACCOUNT_A);
  }

  @Test
  void operatorAddressMapsToTheAccountWithTheSameBytes() {
    assertThat(AccountAddresses.ofOperator(GovChain.VAL_A)).isEqualTo(GovChain.ACCOUNT_A);
    assertThat(AccountAddresses.ofOperator(GovChain.VAL_B)).isEqualTo(GovChain.ACCOUNT_B);
    assertThat(AccountAddresses.ofOperator("initvaloper1sjllsnramtg3ewxqwwrwjxfgc4n4ef9u4c4vmw"))
        .isEqualTo("init1sjllsnramtg3ewxqwwrwjxfgc4n4ef9upav447");
  }

  @Test
  void accountAndConsensusAddressesAreNotOperatorAddresses() {
    assertThatThrownBy(() -> AccountAddresses.ofOperator(GovChain.ACCOUNT_A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + GovChain.ACCOUNT_A + "' is not a validator operator address: its prefix 'cosmos' is not an "
            + "account prefix followed by 'valoper'");
    assertThatThrownBy(() -> AccountAddresses.ofOperator("cosmosvalcons1w508d6qejxtdg4y5r3zarvary0c5xw7kt6sn02"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cosmosvalcons'");
  }

  private Snapshot snapshot(String transport, GovChain chain) {
    QueryTransport queries =
        switch (transport) {
          case "rpc" -> {
            FakeAbciNode node = chain.abciNode();
            server.setDispatcher(node);
            asked = () -> node.queries().stream().map(FakeAbciNode.Query::path).toList();
            yield abciTransport();
          }
          case "grpc" -> {
            GovChain.CalledMethods called = new GovChain.CalledMethods();
            asked = () -> List.copyOf(called.names);
            yield grpc(chain.grpcServices(), called);
          }
          case "rest" -> {
            GovChain.RestNode node = chain.restNode();
            server.setDispatcher(node);
            asked = () -> node.requests.stream().map(r -> restToGrpc(r.getUrl().encodedPath())).toList();
            yield restTransport();
          }
          default -> throw new IllegalArgumentException(transport);
        };
    return new Snapshot(CHAIN, queries);
  }

  private static String restToGrpc(String path) {
    String version = path.startsWith("/cosmos/gov/v1beta1/") ? "v1beta1" : "v1";
    if (path.startsWith("/cosmos/upgrade/")) {
      return "/cosmos.upgrade.v1beta1.Query/CurrentPlan";
    }
    return "/cosmos.gov." + version + ".Query/" + (path.contains("/votes/") ? "Vote" : "Proposals");
  }

  private QueryTransport abciTransport() {
    return track(new AbciTransport(CHAIN, List.of(new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http))));
  }

  private QueryTransport restTransport() {
    return track(new RestTransport(CHAIN, List.of(RpcEndpoint.parse(server.url("/").toString())), http));
  }

  private QueryTransport grpc(List<BindableService> services, GovChain.CalledMethods called) {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
    services.forEach(s -> builder.addService(ServerInterceptors.intercept(s, called)));
    try {
      servers.add(builder.build().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GrpcTransport transport =
        new GrpcTransport(
            CHAIN,
            List.of(GrpcEndpoint.parse(name + ":9090")),
            e -> InProcessChannelBuilder.forName(name).directExecutor(),
            Duration.ofSeconds(5));
    return track(transport);
  }

  private QueryTransport track(QueryTransport transport) {
    transports.add(transport);
    return transport;
  }
}
