package io.valwatch.plugins.cosmos;

import static io.valwatch.plugins.cosmos.ProtoFixtures.ED25519_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPluginRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plugin over abci_query: against the simulated chain, and against nodes that answer wrongly. */
@Timeout(60)
class CosmosSdkPluginTest {
  private static final String VALIDATORS = CosmosSdkDataSource.VALIDATORS.path();
  private static final String STAKING_PARAMS = CosmosSdkDataSource.STAKING_PARAMS.path();
  private static final String SLASHING_PARAMS = SlashingReader.PARAMS.path();
  private static final String SIGNING_INFOS = SlashingReader.SIGNING_INFOS.path();
  private static final String CHAIN = SimulatedHub.CHAIN;
  /** The height the scripted nodes answer at. */
  private static final long HEIGHT = 123;

  @RegisterExtension static final SimulatedHub.Served hub = new SimulatedHub.Served();

  @StartStop private final MockWebServer node = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final SentRequests sent = new SentRequests();

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(ChainPluginRegistry.loadInstalled(getClass().getClassLoader()).find("cosmos-sdk"))
        .containsInstanceOf(CosmosSdkPlugin.class);
  }

  @Test
  void readsEveryValidatorParamsAndSigningInfosAtOneHeight() throws IOException {
    ChainData data;
    try (ChainDataSource source = open(simnetClient())) {
      data = source.fetch();
    }

    SimulatedHub.assertIsTheTruth(data, hub.chain);
  }

  @Test
  void pagesFollowNextKeyAndEveryQueryAfterTheFirstIsPinnedToItsHeight() throws Exception {
    try (ChainDataSource source = open(simnetClient())) {
      source.fetch();
    }

    List<SentRequests.AbciQuery> validatorPages = sent.abciQueries(VALIDATORS);
    assertThat(validatorPages).hasSize(2);
    QueryValidatorsRequest first = QueryValidatorsRequest.parseFrom(validatorPages.get(0).data());
    QueryValidatorsRequest second = QueryValidatorsRequest.parseFrom(validatorPages.get(1).data());
    assertThat(first.getStatus()).isEmpty();
    assertThat(first.getPagination().getKey()).isEmpty();
    assertThat(first.getPagination().getLimit()).isEqualTo(Snapshot.PAGE_LIMIT);
    assertThat(second.getPagination().getKey())
        .as("the first page's next_key")
        .isEqualTo(SimulatedHub.firstPageNextKey(hub.server, http));
    long height = hub.chain.latestHeight();
    assertThat(validatorPages.get(0).height()).isZero();
    assertThat(validatorPages.get(1).height()).isEqualTo(height);
    assertThat(sent.abciQueries()).extracting(SentRequests.AbciQuery::path)
        .containsExactly(VALIDATORS, VALIDATORS, STAKING_PARAMS, SLASHING_PARAMS, SIGNING_INFOS);
    assertThat(sent.abciQueries().subList(1, 5)).extracting(SentRequests.AbciQuery::height).containsOnly(height);
  }

  @Test
  void eachFetchStartsAtTheLatestHeightAgain() throws IOException {
    SimulatedChain growing = SimulatedChain.builder().chainId(CHAIN).validator("ed", 1_500_000_000L).build();
    growing.produceBlocks(3);
    try (SimnetServer server = SimnetServer.start(growing);
        ChainDataSource source = open(new CometRpcClient(RpcEndpoint.parse(server.url()), sent.on(http)))) {
      ChainData first = source.fetch();
      growing.produceBlocks(2);
      ChainData second = source.fetch();

      assertThat(first.height()).isEqualTo(3);
      assertThat(second.height()).isEqualTo(5);
    }

    List<SentRequests.AbciQuery> queries = sent.abciQueries();
    assertThat(queries).hasSize(8);
    assertThat(queries).extracting(SentRequests.AbciQuery::height).containsExactly(0L, 3L, 3L, 3L, 0L, 5L, 5L, 5L);
  }

  @Test
  void applicationErrorNamesPathCodeCodespaceAndLog() {
    node.setDispatcher(new FakeAbciNode(HEIGHT).fail(VALIDATORS, 18, "sdk", "invalid request"));

    assertThatThrownBy(() -> open(client(node), simnetClient()).fetch())
        .isInstanceOfSatisfying(
            ChainQueryException.class,
            e -> {
              assertThat(e.method()).isEqualTo(VALIDATORS);
              assertThat(e.code()).isEqualTo(18);
              assertThat(e.detail()).isEqualTo("invalid request");
              assertThat(e.notSupported()).isFalse();
            })
        .hasMessageContaining("abci_query " + VALIDATORS + " on chain " + CHAIN)
        .hasMessageContaining("failed with code 18 (codespace 'sdk'): invalid request")
        .hasMessageNotContaining("does not serve");
    // The node answered; asking another node the same question would not change the chain's answer.
    assertThat(sent.all()).isEmpty();
  }

  @Test
  void anUnreachableEndpointIsSkippedForTheRestOfTheRead() throws IOException {
    node.setDispatcher(unavailable());

    ChainData data;
    try (ChainDataSource source = open(client(node), simnetClient())) {
      data = source.fetch();
    }

    SimulatedHub.assertIsTheTruth(data, hub.chain);
    assertThat(sent.abciQueries()).hasSize(5);
    assertThat(node.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenEveryEndpointIsDownTheErrorNamesChainPathAndLastCause() throws IOException {
    node.setDispatcher(unavailable());
    MockWebServer closed = new MockWebServer();
    closed.start();
    CometRpcClient closedClient = client(closed);
    closed.close();
    ChainDataSource source = open(client(node), closedClient);

    assertThatThrownBy(source::fetch)
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(RpcException.class)
        .hasMessageStartingWith("abci_query " + VALIDATORS + " on chain " + CHAIN + " failed on all 2 endpoints; last error: ")
        .cause()
        .isInstanceOf(EndpointFailure.class)
        .cause()
        .isInstanceOf(RpcException.class);
  }

  @Test
  void bytesThatAreNotTheReplyAreAnError() {
    node.setDispatcher(
        new FakeAbciNode(HEIGHT)
            .answer(VALIDATORS, request -> QueryValidatorsResponse.getDefaultInstance())
            .answerBytes(STAKING_PARAMS, request -> new byte[] {0x0a, 0x7f, 0x01}));

    assertThatThrownBy(() -> open(client(node)).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "abci_query " + STAKING_PARAMS + " on chain " + CHAIN + " at height " + HEIGHT
                + " returned bytes that are not a valid reply");
  }

  @Test
  void malformedChainDataIsAnIoErrorNamingTheValidator() {
    String operator = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";
    node.setDispatcher(
        new FakeAbciNode(HEIGHT)
            .answer(
                VALIDATORS,
                request ->
                    QueryValidatorsResponse.newBuilder()
                        .addValidators(
                            ProtoFixtures.validator(
                                operator, ProtoFixtures.ed25519(ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "lots", "m"))
                        .build())
            .answer(STAKING_PARAMS, request -> QueryParamsResponse.newBuilder()
                .setParams(Params.newBuilder().setMaxValidators(180).setBondDenom("uatom"))
                .build()));

    assertThatThrownBy(() -> open(client(node)).fetch())
        .isInstanceOf(IOException.class)
        .hasMessage(
            "chain " + CHAIN + " at height " + HEIGHT + " returned staking or slashing data valwatch cannot use: "
                + "validator " + operator + " has tokens 'lots', not an integer");
  }

  @Test
  void openingAChainWithoutEndpointsFails() {
    assertThatThrownBy(() -> open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chain " + CHAIN + " has no RPC endpoints to query");
  }

  private ChainDataSource open(CometRpcClient... clients) {
    return new CosmosSdkPlugin().open(Contexts.of(CHAIN, List.of(clients), http, Map.of()));
  }

  /** A client of the simulated chain whose requests {@link #sent} records. */
  private CometRpcClient simnetClient() {
    return new CometRpcClient(RpcEndpoint.parse(hub.server.url()), sent.on(http));
  }

  private CometRpcClient client(MockWebServer server) {
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }

  private static Dispatcher unavailable() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(503).body("node is syncing").build();
      }
    };
  }
}
