package io.valwatch.plugins.cosmos;

import static io.valwatch.plugins.cosmos.ProtoFixtures.ED25519_ADDRESS;
import static io.valwatch.plugins.cosmos.ProtoFixtures.ED25519_KEY;
import static io.valwatch.plugins.cosmos.ProtoFixtures.ED25519_VALCONS;
import static io.valwatch.plugins.cosmos.ProtoFixtures.SECP256K1_ADDRESS;
import static io.valwatch.plugins.cosmos.ProtoFixtures.SECP256K1_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.valwatch.identity.Bech32;
import io.valwatch.identity.KeyType;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Params;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPluginRegistry;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class CosmosSdkPluginTest {
  private static final String VALIDATORS = CosmosSdkDataSource.VALIDATORS.path();
  private static final String STAKING_PARAMS = CosmosSdkDataSource.STAKING_PARAMS.path();
  private static final String SLASHING_PARAMS = SlashingReader.PARAMS.path();
  private static final String SIGNING_INFOS = SlashingReader.SIGNING_INFOS.path();
  private static final String CHAIN = HubChain.CHAIN;
  private static final long HEIGHT = HubChain.HEIGHT;
  private static final String VAL_ED = HubChain.VAL_ED;
  private static final String VAL_BLS = HubChain.VAL_BLS;
  private static final String VAL_SECP = HubChain.VAL_SECP;
  private static final ByteString PAGE_TWO = HubChain.PAGE_TWO;

  @StartStop private final MockWebServer node = new MockWebServer();
  @StartStop private final MockWebServer backup = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(ChainPluginRegistry.loadInstalled(getClass().getClassLoader()).find("cosmos-sdk"))
        .containsInstanceOf(CosmosSdkPlugin.class);
  }

  @Test
  void readsEveryValidatorParamsAndSigningInfosAtOneHeight() throws IOException {
    FakeAbciNode fake = hubNode();
    node.setDispatcher(fake);

    ChainData data;
    try (ChainDataSource source = open(node)) {
      data = source.fetch();
    }

    assertThat(data.validators()).extracting(ValidatorInfo::operatorAddress).containsExactly(VAL_ED, VAL_BLS, VAL_SECP);
    ValidatorInfo ed = data.validators().get(0);
    assertThat(ed.consensusAddressHex()).isEqualTo(ED25519_ADDRESS);
    assertThat(ed.votingPower()).isEqualTo(1_500);
    assertThat(ed.tokensByDenom()).isEqualTo(Map.of("uatom", new BigInteger("1500000000")));
    assertThat(ed.commissionRate()).isEqualByComparingTo("0.05");
    assertThat(data.validators().get(1).consensusKey()).isNull();
    ValidatorInfo secp = data.validators().get(2);
    assertThat(secp.consensusKey().type()).isEqualTo(KeyType.SECP256K1);
    assertThat(secp.consensusAddressHex()).isEqualTo(SECP256K1_ADDRESS);
    assertThat(secp.status()).isEqualTo(io.valwatch.model.BondStatus.UNBONDED);
    assertThat(secp.votingPower()).isZero();

    assertThat(data.stakingParams().orElseThrow().maxValidators()).isEqualTo(180);
    assertThat(data.stakingParams().orElseThrow().bondDenom()).isEqualTo("uatom");
    assertThat(data.slashingParams().orElseThrow().minSignedPerWindow()).isEqualByComparingTo("0.05");
    assertThat(data.livenessRule().orElseThrow().maxMissedBlocks()).isEqualTo(9_500);
    assertThat(data.signingInfos())
        .containsOnlyKeys(ED25519_ADDRESS, SECP256K1_ADDRESS)
        .containsEntry(
            ED25519_ADDRESS,
            new SigningInfo(ED25519_ADDRESS, 0, 25_053_975, Instant.EPOCH, false, 41));
    assertThat(data.signingInfos().get(SECP256K1_ADDRESS).jailedUntil())
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @Test
  void pagesFollowNextKeyAndEveryQueryAfterTheFirstIsPinnedToItsHeight() throws Exception {
    FakeAbciNode fake = hubNode();
    node.setDispatcher(fake);

    try (ChainDataSource source = open(node)) {
      source.fetch();
    }

    List<FakeAbciNode.Query> validatorPages = fake.queries(VALIDATORS);
    assertThat(validatorPages).hasSize(2);
    QueryValidatorsRequest first = QueryValidatorsRequest.parseFrom(validatorPages.get(0).data());
    QueryValidatorsRequest second = QueryValidatorsRequest.parseFrom(validatorPages.get(1).data());
    assertThat(first.getStatus()).isEmpty();
    assertThat(first.getPagination().getKey()).isEmpty();
    assertThat(first.getPagination().getLimit()).isEqualTo(Snapshot.PAGE_LIMIT);
    assertThat(second.getPagination().getKey()).isEqualTo(PAGE_TWO);
    assertThat(validatorPages.get(0).height()).isZero();
    assertThat(validatorPages.get(1).height()).isEqualTo(HEIGHT);
    assertThat(fake.queries()).extracting(FakeAbciNode.Query::path)
        .containsExactly(VALIDATORS, VALIDATORS, STAKING_PARAMS, SLASHING_PARAMS, SIGNING_INFOS);
    assertThat(fake.queries().subList(1, 5)).extracting(FakeAbciNode.Query::height).containsOnly(HEIGHT);
  }

  @Test
  void eachFetchStartsAtTheLatestHeightAgain() throws IOException {
    FakeAbciNode fake = hubNode();
    node.setDispatcher(fake);

    try (ChainDataSource source = open(node)) {
      source.fetch();
      source.fetch();
    }

    assertThat(fake.queries()).hasSize(10);
    assertThat(fake.queries().get(5).height()).isZero();
  }

  @Test
  void applicationErrorNamesPathCodeCodespaceAndLog() {
    node.setDispatcher(new FakeAbciNode(HEIGHT).fail(VALIDATORS, 18, "sdk", "invalid request"));
    backup.setDispatcher(hubNode());

    assertThatThrownBy(() -> open(node, backup).fetch())
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
    assertThat(backup.getRequestCount()).isZero();
  }

  @Test
  void anUnreachableEndpointIsSkippedForTheRestOfTheRead() throws IOException {
    node.setDispatcher(unavailable());
    FakeAbciNode fake = hubNode();
    backup.setDispatcher(fake);

    ChainData data;
    try (ChainDataSource source = open(node, backup)) {
      data = source.fetch();
    }

    assertThat(data.validators()).hasSize(3);
    assertThat(fake.queries()).hasSize(5);
    assertThat(node.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenEveryEndpointIsDownTheErrorNamesChainPathAndLastCause() throws IOException {
    node.setDispatcher(unavailable());
    MockWebServer closed = new MockWebServer();
    closed.start();
    CometRpcClient closedClient = client(closed);
    closed.close();
    ChainDataSource source =
        new CosmosSdkPlugin()
            .open(context(List.of(client(node), closedClient)));

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
    node.setDispatcher(hubNode().answerBytes(STAKING_PARAMS, request -> new byte[] {0x0a, 0x7f, 0x01}));

    assertThatThrownBy(() -> open(node).fetch())
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "abci_query " + STAKING_PARAMS + " on chain " + CHAIN + " at height " + HEIGHT
                + " returned bytes that are not a valid reply");
  }

  @Test
  void malformedChainDataIsAnIoErrorNamingTheValidator() {
    node.setDispatcher(
        hubNode()
            .answer(
                VALIDATORS,
                request ->
                    QueryValidatorsResponse.newBuilder()
                        .addValidators(
                            ProtoFixtures.validator(
                                VAL_ED, ProtoFixtures.ed25519(ED25519_KEY), BondStatus.BOND_STATUS_BONDED, "lots", "m"))
                        .build()));

    assertThatThrownBy(() -> open(node).fetch())
        .isInstanceOf(IOException.class)
        .hasMessage(
            "chain " + CHAIN + " at height " + HEIGHT + " returned staking or slashing data valwatch cannot use: "
                + "validator " + VAL_ED + " has tokens 'lots', not an integer");
  }

  @Test
  void openingAChainWithoutEndpointsFails() {
    assertThatThrownBy(() -> new CosmosSdkPlugin().open(context(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chain " + CHAIN + " has no RPC endpoints to query");
  }

  private ChainDataSource open(MockWebServer... servers) {
    List<CometRpcClient> clients = java.util.Arrays.stream(servers).map(this::client).toList();
    return new CosmosSdkPlugin().open(context(clients));
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

  private static FakeAbciNode hubNode() {
    return HubChain.abciNode();
  }

  private ChainContext context(List<CometRpcClient> clients) {
    return Contexts.of(CHAIN, clients, http, Map.of());
  }
}
