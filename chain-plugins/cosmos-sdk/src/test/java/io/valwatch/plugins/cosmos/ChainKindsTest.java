package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.StakingModule;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Standard chains, consumer chains without x/staking, and chains with another staking module. */
@Timeout(60)
class ChainKindsTest {
  private static final String CHAIN = SimulatedHub.CHAIN;
  private static final String VALIDATORS = CosmosSdkDataSource.VALIDATORS.path();
  private static final String STAKING_PARAMS = CosmosSdkDataSource.STAKING_PARAMS.path();
  private static final String SLASHING_PARAMS = SlashingReader.PARAMS.path();
  private static final String SECP256K1_VALCONS = "cosmosvalcons1w508d6qejxtdg4y5r3zarvary0c5xw7kt6sn02";

  private static SimulatedChain standard;
  private static SimulatedChain initia;
  private static SimnetServer standardServer;
  private static SimnetServer initiaServer;

  @StartStop private final MockWebServer node = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final SentRequests sent = new SentRequests();

  @BeforeAll
  static void startChains() throws IOException {
    standard = SimulatedChain.builder().chainId(CHAIN).validator("alice", 60_000_000).validator("bob", 40_000_000).build();
    standard.produceBlocks(3);
    standardServer = SimnetServer.start(standard);
    initia = SimulatedChain.builder().chainId(CHAIN).stakingModule(StakingModule.INITIA).validator("alice", 60_000_000).build();
    initia.produceBlocks(3);
    initiaServer = SimnetServer.start(initia);
  }

  @AfterAll
  static void stopChains() {
    standardServer.close();
    initiaServer.close();
  }

  @Test
  void aConsumerChainWithoutStakingGivesSlashingDataOnly() throws IOException {
    node.setDispatcher(consumerChain());

    ChainData data;
    try (ChainDataSource source = new CosmosSdkPlugin().open(context(Map.of()))) {
      data = source.fetch();
      data = source.fetch();
    }

    assertThat(data.validators()).isEmpty();
    assertThat(data.stakingParams()).isEmpty();
    assertThat(data.slashingParams()).hasValueSatisfying(p -> assertThat(p.signedBlocksWindow()).isEqualTo(10_000));
    assertThat(data.livenessRule()).hasValueSatisfying(r -> assertThat(r.maxMissedBlocks()).isEqualTo(9_500));
    assertThat(data.signingInfos()).containsOnlyKeys(ProtoFixtures.ED25519_ADDRESS, ProtoFixtures.SECP256K1_ADDRESS);
  }

  @Test
  void aChainWithoutSlashingGivesStakingDataOnly() throws IOException {
    FakeAbciNode fake = new FakeAbciNode(123)
        .answer(VALIDATORS, request -> QueryValidatorsResponse.newBuilder()
            .addValidators(ProtoFixtures.validator("cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng",
                ProtoFixtures.ed25519(ProtoFixtures.ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "1500000000", "ed"))
            .build())
        .answer(STAKING_PARAMS, request -> QueryParamsResponse.newBuilder()
            .setParams(Params.newBuilder().setMaxValidators(180).setBondDenom("uatom"))
            .build())
        .fail(SLASHING_PARAMS, 6, "sdk", "unknown query path");
    node.setDispatcher(fake);

    ChainData data;
    try (ChainDataSource source = new CosmosSdkPlugin().open(context(Map.of()))) {
      data = source.fetch();
    }

    assertThat(data.validators()).hasSize(1);
    assertThat(data.stakingParams()).isPresent();
    assertThat(data.slashingParams()).isEmpty();
    assertThat(data.livenessRule()).isEmpty();
    assertThat(data.signingInfos()).isEmpty();
  }

  @Test
  void stakingFalseSkipsTheStakingQueries() throws IOException {
    ChainData data;
    try (ChainDataSource source = new CosmosSdkPlugin().open(context(standardServer, Map.of("staking", false)))) {
      data = source.fetch();
    }

    assertThat(data.validators()).isEmpty();
    assertThat(data.stakingParams()).isEmpty();
    assertThat(data.slashingParams()).isPresent();
    assertThat(data.signingInfos()).hasSize(2);
    assertThat(sent.abciQueries(VALIDATORS)).isEmpty();
    assertThat(sent.abciQueries(STAKING_PARAMS)).isEmpty();
    assertThat(sent.abciQueries()).isNotEmpty();
  }

  @Test
  void aChainWithAnotherStakingModuleFailsSuggestingTheInitiaPlugin() {
    assertThatThrownBy(() -> new CosmosSdkPlugin().open(context(initiaServer, Map.of())).fetch())
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ChainQueryException.class)
        .hasMessageStartingWith("chain " + CHAIN + " does not serve the standard x/staking validator queries (")
        .hasMessageContaining("not supported")
        .hasMessageContaining("but answers " + STAKING_PARAMS)
        .hasMessageContaining("Set `plugin: initia`")
        .hasMessageContaining("`staking: false`");
  }

  @Test
  void detectsAStandardChainWithOneSmallValidatorQuery() throws IOException {
    assertThat(new CosmosSdkPlugin().detect(context(standardServer, Map.of()))).isTrue();
    assertThat(sent.abciQueries()).extracting(SentRequests.AbciQuery::path).containsExactly(VALIDATORS);
    assertThat(QueryValidatorsRequest.parseFrom(sent.abciQueries().get(0).data()).getPagination().getLimit()).isEqualTo(1);
  }

  @Test
  void detectsAConsumerChainByItsSlashingModule() throws IOException {
    node.setDispatcher(consumerChain());

    assertThat(new CosmosSdkPlugin().detect(context(Map.of()))).isTrue();
  }

  @Test
  void doesNotDetectAChainWithAnotherStakingModule() throws IOException {
    assertThat(new CosmosSdkPlugin().detect(context(initiaServer, Map.of()))).isFalse();
  }

  @Test
  void detectionOfAnUnreachableChainIsAnError() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    ChainContext context = Contexts.of(CHAIN, List.of(client(closed)), http, Map.of());
    closed.close();

    assertThatThrownBy(() -> new CosmosSdkPlugin().detect(context))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ChainQueryException.class)
        .hasMessageContaining("failed on all 1 endpoints");
  }

  /**
   * Serves x/slashing only, with the Cosmos Hub's parameters; the staking queries are unknown paths, as on a
   * consumer chain, which the simulator does not model.
   */
  private static FakeAbciNode consumerChain() {
    return new FakeAbciNode(123)
        .answerBytes(
            SLASHING_PARAMS,
            request -> io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.newBuilder()
                .setParams(slashingParams())
                .build()
                .toByteArray())
        .answer(SlashingReader.SIGNING_INFOS.path(), request -> QuerySigningInfosResponse.newBuilder()
            .addInfo(ValidatorSigningInfo.newBuilder().setAddress(ProtoFixtures.ED25519_VALCONS).setMissedBlocksCounter(41))
            .addInfo(ValidatorSigningInfo.newBuilder().setAddress(SECP256K1_VALCONS).setTombstoned(true))
            .build());
  }

  private static io.valwatch.proto.cosmos.slashing.v1beta1.Params slashingParams() {
    try {
      return io.valwatch.proto.cosmos.slashing.v1beta1.Params.parseFrom(ProtoFixtures.hubSlashingParamsBytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A real kvstore node's answer to every query: code 0, no value, "does not exist" (see SOURCES.txt). */
  private void kvstoreNode(String version) {
    String answer = resource("real-responses/kvstore/" + version + "_abci_query_with_non_existent_key.json");
    node.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return new mockwebserver3.MockResponse.Builder().body(answer).build();
          }
        });
  }

  private static String resource(String name) {
    try (var in = ChainKindsTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void recordedKvstoreAnswersSayWhatSourcesTxtSays() throws IOException {
    for (String version : List.of("v0_34", "v0_37", "v0_38")) {
      kvstoreNode(version);
      io.valwatch.rpc.AbciQueryResult r = client(node).abciQuery("/cosmos.staking.v1beta1.Query/Params", new byte[0], 0);
      assertThat(r.code()).as(version).isZero();
      assertThat(r.value()).as(version).isEmpty();
      assertThat(r.log()).as(version).isEqualTo("does not exist");
    }
    String exists = resource("real-responses/kvstore/v0_38_abci_query_with_existing_key.json");
    node.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return new mockwebserver3.MockResponse.Builder().body(exists).build();
      }
    });
    io.valwatch.rpc.AbciQueryResult r = client(node).abciQuery("/store", "tx0".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    assertThat(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("value");
    assertThat(r.log()).isEqualTo("exists");
    assertThat(r.height()).isEqualTo(254);
  }

  @Test
  void aKvstoreNodeIsNotTakenForACosmosSdkOrInitiaChain() throws IOException {
    for (String version : List.of("v0_34", "v0_37", "v0_38")) {
      kvstoreNode(version);
      assertThat(new CosmosSdkPlugin().detect(context(Map.of()))).as(version).isFalse();
    }
  }

  @Test
  void readingAKvstoreNodeAsCosmosSdkFindsNoStakingOrSlashingInsteadOfAZeroWindow() throws IOException {
    kvstoreNode("v0_38");

    ChainData data;
    try (ChainDataSource source = new CosmosSdkPlugin().open(context(Map.of()))) {
      data = source.fetch();
    }

    assertThat(data.validators()).isEmpty();
    assertThat(data.stakingParams()).isEmpty();
    assertThat(data.slashingParams()).isEmpty();
    assertThat(data.livenessRule()).isEmpty();
  }

  private ChainContext context(Map<String, Object> options) {
    return Contexts.of(CHAIN, List.of(client(node)), http, options);
  }

  /** A context on a simulated chain whose requests {@link #sent} records. */
  private ChainContext context(SimnetServer server, Map<String, Object> options) {
    return Contexts.of(CHAIN, List.of(new CometRpcClient(RpcEndpoint.parse(server.url()), sent.on(http))), http, options);
  }

  private CometRpcClient client(MockWebServer server) {
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }
}
