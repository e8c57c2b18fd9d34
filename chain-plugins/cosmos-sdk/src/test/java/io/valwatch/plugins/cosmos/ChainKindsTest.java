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

  private ChainContext context(Map<String, Object> options) {
    return Contexts.of(HubChain.CHAIN, List.of(client(node)), http, options);
  }

  private CometRpcClient client(MockWebServer server) {
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }
}
