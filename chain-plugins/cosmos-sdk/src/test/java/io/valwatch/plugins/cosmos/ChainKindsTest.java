package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Standard chains, consumer chains without x/staking, and chains with another staking module. */
class ChainKindsTest {
  private static final String VALIDATORS = CosmosSdkDataSource.VALIDATORS.path();
  private static final String STAKING_PARAMS = CosmosSdkDataSource.STAKING_PARAMS.path();
  private static final String SLASHING_PARAMS = SlashingReader.PARAMS.path();

  @StartStop private final MockWebServer node = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

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
    FakeAbciNode fake = HubChain.abciNode();
    fake.fail(SLASHING_PARAMS, 6, "sdk", "unknown query path");
    node.setDispatcher(fake);

    ChainData data;
    try (ChainDataSource source = new CosmosSdkPlugin().open(context(Map.of()))) {
      data = source.fetch();
    }

    assertThat(data.validators()).hasSize(3);
    assertThat(data.stakingParams()).isPresent();
    assertThat(data.slashingParams()).isEmpty();
    assertThat(data.livenessRule()).isEmpty();
    assertThat(data.signingInfos()).isEmpty();
  }

  @Test
  void stakingFalseSkipsTheStakingQueries() throws IOException {
    FakeAbciNode fake = HubChain.abciNode();
    node.setDispatcher(fake);

    ChainData data;
    try (ChainDataSource source = new CosmosSdkPlugin().open(context(Map.of("staking", false)))) {
      data = source.fetch();
    }

    assertThat(data.validators()).isEmpty();
    assertThat(data.stakingParams()).isEmpty();
    assertThat(data.slashingParams()).isPresent();
    assertThat(fake.queries(VALIDATORS)).isEmpty();
    assertThat(fake.queries(STAKING_PARAMS)).isEmpty();
  }

  @Test
  void aChainWithAnotherStakingModuleFailsSuggestingTheInitiaPlugin() {
    node.setDispatcher(initiaLikeChain());

    assertThatThrownBy(() -> new CosmosSdkPlugin().open(context(Map.of())).fetch())
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ChainQueryException.class)
        .hasMessageStartingWith("chain " + HubChain.CHAIN + " does not serve the standard x/staking validator queries (")
        .hasMessageContaining("not supported")
        .hasMessageContaining("but answers " + STAKING_PARAMS)
        .hasMessageContaining("Set `plugin: initia`")
        .hasMessageContaining("`staking: false`");
  }

  @Test
  void detectsAStandardChainWithOneSmallValidatorQuery() throws IOException {
    FakeAbciNode fake = HubChain.abciNode();
    node.setDispatcher(fake);

    assertThat(new CosmosSdkPlugin().detect(context(Map.of()))).isTrue();
    assertThat(fake.queries()).extracting(FakeAbciNode.Query::path).containsExactly(VALIDATORS);
    assertThat(QueryValidatorsRequest.parseFrom(fake.queries().get(0).data()).getPagination().getLimit()).isEqualTo(1);
  }

  @Test
  void detectsAConsumerChainByItsSlashingModule() throws IOException {
    node.setDispatcher(consumerChain());

    assertThat(new CosmosSdkPlugin().detect(context(Map.of()))).isTrue();
  }

  @Test
  void doesNotDetectAChainWithAnotherStakingModule() throws IOException {
    node.setDispatcher(initiaLikeChain());

    assertThat(new CosmosSdkPlugin().detect(context(Map.of()))).isFalse();
  }

  @Test
  void detectionOfAnUnreachableChainIsAnError() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    ChainContext context = Contexts.of(HubChain.CHAIN, List.of(client(closed)), http, Map.of());
    closed.close();

    assertThatThrownBy(() -> new CosmosSdkPlugin().detect(context))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ChainQueryException.class)
        .hasMessageContaining("failed on all 1 endpoints");
  }

  /** Serves x/slashing only; the staking queries are unknown paths, as on a consumer chain. */
  private static FakeAbciNode consumerChain() {
    return new FakeAbciNode(HubChain.HEIGHT)
        .answer(
            SLASHING_PARAMS,
            request ->
                io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.newBuilder()
                    .setParams(HubChain.slashingParams())
                    .build())
        .answer(SlashingReader.SIGNING_INFOS.path(), request -> HubChain.signingInfos());
  }

  /** Like Initia: x/staking params answer, the validator queries are "not supported". */
  private static FakeAbciNode initiaLikeChain() {
    return HubChain.abciNode()
        .answer(STAKING_PARAMS, request -> QueryParamsResponse.newBuilder().setParams(HubChain.stakingParams()).build())
        .fail(VALIDATORS, 1, "mstaking", "not supported");
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
    return Contexts.of(HubChain.CHAIN, List.of(client(node)), http, options);
  }

  private CometRpcClient client(MockWebServer server) {
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }
}
