package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryPoolResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimnetServerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
  private SimulatedChain chain;
  private SimnetServer server;

  @BeforeEach
  void start() throws IOException {
    chain = TestChains.fiveValidators();
    server = SimnetServer.start(chain);
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private record Reply(int code, JsonNode body) {}

  private Reply get(String pathAndQuery) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(server.url() + pathAndQuery).build()).execute()) {
      return new Reply(response.code(), MAPPER.readTree(response.body().string()));
    }
  }

  private Reply post(String json) throws IOException {
    Request request = new Request.Builder().url(server.url() + "/").post(RequestBody.create(json, JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      return new Reply(response.code(), MAPPER.readTree(response.body().string()));
    }
  }

  @Test
  void statusHasTheCometShape() throws IOException {
    Reply reply = get("/status");
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.body().get("id").asInt()).isEqualTo(-1);
    JsonNode result = reply.body().get("result");
    assertThat(result.at("/node_info/network").asText()).isEqualTo("simnet-test-1");
    assertThat(result.at("/sync_info/latest_block_height").isTextual()).isTrue();
    assertThat(result.at("/sync_info/latest_block_height").asText()).isEqualTo("15");
    assertThat(result.at("/sync_info/earliest_block_height").asText()).isEqualTo("2");
    assertThat(result.at("/sync_info/latest_block_time").asText()).isEqualTo("2024-01-01T00:00:15Z");
    assertThat(result.at("/sync_info/catching_up").isBoolean()).isTrue();
    assertThat(result.at("/validator_info/voting_power").asText()).isEqualTo("0");
    assertThat(get("/health").body().get("result").isObject()).isTrue();
  }

  @Test
  void blockHasTheCometShapeWithAbsentAndNilEntries() throws IOException {
    JsonNode result = get("/block?height=4").body().get("result");
    assertThat(result.at("/block_id/hash").asText()).matches("[0-9A-F]{64}");
    assertThat(result.at("/block_id/parts/total").isInt()).isTrue();
    JsonNode header = result.at("/block/header");
    assertThat(header.fieldNames()).toIterable().contains("version", "chain_id", "height", "time", "last_block_id",
        "last_commit_hash", "data_hash", "validators_hash", "next_validators_hash", "consensus_hash", "app_hash",
        "last_results_hash", "evidence_hash", "proposer_address");
    assertThat(header.get("height").isTextual()).isTrue();
    assertThat(header.get("height").asText()).isEqualTo("4");
    assertThat(header.get("time").asText()).isEqualTo("2024-01-01T00:00:04Z");
    assertThat(header.get("proposer_address").asText()).matches("[0-9A-F]{40}");
    JsonNode lastCommit = result.at("/block/last_commit");
    assertThat(lastCommit.get("height").asText()).isEqualTo("3");
    assertThat(lastCommit.get("round").isInt()).isTrue();
    JsonNode sigs = lastCommit.get("signatures");
    assertThat(sigs).hasSize(5);
    // Set order is power descending: alice, bob, carol, dave, eve.
    assertThat(sigs.get(0).get("block_id_flag").isInt()).isTrue();
    assertThat(sigs.get(0).get("block_id_flag").asInt()).isEqualTo(2);
    assertThat(Base64.getDecoder().decode(sigs.get(0).get("signature").asText())).hasSize(64);
    assertThat(sigs.get(3).get("block_id_flag").asInt()).isEqualTo(3);
    assertThat(sigs.get(3).get("validator_address").asText())
        .isEqualTo(chain.truth().validator("dave").consensusAddressHex());
    assertThat(sigs.get(4)).isEqualTo(MAPPER.readTree(
        "{\"block_id_flag\":1,\"validator_address\":\"\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"signature\":null}"));
  }

  @Test
  void firstBlockCarriesAnEmptyCommit() throws IOException {
    SimulatedChain fresh = SimulatedChain.builder().validator("solo", 5_000_000).build();
    fresh.produceBlocks(2);
    try (SimnetServer other = SimnetServer.start(fresh)) {
      Request request = new Request.Builder().url(other.url() + "/block?height=1").build();
      try (Response response = client.newCall(request).execute()) {
        JsonNode lastCommit = MAPPER.readTree(response.body().string()).at("/result/block/last_commit");
        assertThat(lastCommit.get("height").asText()).isEqualTo("0");
        assertThat(lastCommit.get("signatures")).isEmpty();
        assertThat(lastCommit.at("/block_id/hash").asText()).isEmpty();
      }
    }
  }

  @Test
  void commitSignaturesFollowTheValidatorSetOfThePreviousHeight() throws IOException {
    for (int h = 3; h <= 15; h++) {
      JsonNode sigs = get("/block?height=" + h).body().at("/result/block/last_commit/signatures");
      JsonNode validators = get("/validators?height=" + (h - 1)).body().at("/result/validators");
      assertThat(sigs.size()).as("height %d", h).isEqualTo(validators.size());
      for (int i = 0; i < sigs.size(); i++) {
        String address = validators.get(i).get("address").asText();
        if (address.equals(chain.truth().validator("eve").consensusAddressHex())) {
          assertThat(sigs.get(i).get("block_id_flag").asInt()).isEqualTo(1);
        } else {
          assertThat(sigs.get(i).get("validator_address").asText()).isEqualTo(address);
        }
      }
    }
    // eve jailed at 11 is in the sets of 11 and 12, gone from 13.
    assertThat(get("/validators?height=12").body().at("/result/total").asText()).isEqualTo("5");
    assertThat(get("/validators?height=13").body().at("/result/total").asText()).isEqualTo("4");
  }

  @Test
  void validatorsHashChangesExactlyWithTheSet() throws IOException {
    List<String> hashes = new ArrayList<>();
    for (int h = 2; h <= 15; h++) {
      JsonNode header = get("/block?height=" + h).body().at("/result/block/header");
      hashes.add(header.get("validators_hash").asText());
      if (h > 2) {
        assertThat(header.get("validators_hash").asText()).isEqualTo(
            get("/block?height=" + (h - 1)).body().at("/result/block/header/next_validators_hash").asText());
      }
    }
    for (int i = 1; i < hashes.size(); i++) {
      int height = i + 2;
      assertThat(!hashes.get(i).equals(hashes.get(i - 1))).as("change at %d", height).isEqualTo(height == 13);
    }
  }

  @Test
  void commitOfTheLatestHeightIsNotCanonical() throws IOException {
    JsonNode latest = get("/commit").body().get("result");
    assertThat(latest.get("canonical").asBoolean()).isFalse();
    assertThat(latest.at("/signed_header/header/height").asText()).isEqualTo("15");
    assertThat(latest.at("/signed_header/commit/height").asText()).isEqualTo("15");
    assertThat(get("/commit?height=14").body().at("/result/canonical").asBoolean()).isTrue();
  }

  @Test
  void validatorsArePaginated() throws IOException {
    JsonNode page1 = get("/validators?height=5&per_page=2").body().get("result");
    assertThat(page1.get("count").asText()).isEqualTo("2");
    assertThat(page1.get("total").asText()).isEqualTo("5");
    assertThat(page1.get("block_height").asText()).isEqualTo("5");
    assertThat(page1.at("/validators/0/voting_power").asText()).isEqualTo("50");
    assertThat(page1.at("/validators/0/pub_key/type").asText()).isEqualTo("tendermint/PubKeyEd25519");
    assertThat(page1.at("/validators/0/proposer_priority").isTextual()).isTrue();
    assertThat(get("/validators?height=5&per_page=2&page=3").body().at("/result/count").asText()).isEqualTo("1");
    Reply outOfRange = get("/validators?height=5&per_page=2&page=4");
    assertThat(outOfRange.code()).isEqualTo(500);
    assertThat(outOfRange.body().at("/error/data").asText()).isEqualTo("page should be within [1, 3] range, given 4");
    assertThat(get("/validators?height=5&per_page=0").body().at("/result/count").asText()).isEqualTo("5");
    assertThat(get("/validators").body().at("/result/block_height").asText()).isEqualTo("16");
  }

  @Test
  void futureAndPrunedHeightsAnswerCometErrors() throws IOException {
    Reply future = get("/block?height=16");
    assertThat(future.code()).isEqualTo(500);
    assertThat(future.body()).isEqualTo(MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":-1,\"error\":{\"code\":-32603,"
        + "\"message\":\"Internal error\",\"data\":\"height 16 must be less than or equal to the current blockchain height 15\"}}"));
    assertThat(get("/commit?height=1").body().at("/error/data").asText())
        .isEqualTo("height 1 is not available, lowest height is 2");
    assertThat(get("/validators?height=18").body().at("/error/data").asText())
        .isEqualTo("height 18 must be less than or equal to the current blockchain height 16");
    assertThat(get("/block?height=0").body().at("/error/data").asText())
        .isEqualTo("height must be greater than 0, but got 0");
    Reply unknown = get("/no_such_method");
    assertThat(unknown.body().at("/error/code").asInt()).isEqualTo(-32601);
  }

  @Test
  void jsonRpcPostEchoesTheIdAndAcceptsNamedOrPositionalParams() throws IOException {
    Reply named = post("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"block\",\"params\":{\"height\":\"7\"}}");
    assertThat(named.code()).isEqualTo(200);
    assertThat(named.body().get("id").asText()).isEqualTo("abc");
    assertThat(named.body().at("/result/block/header/height").asText()).isEqualTo("7");
    Reply positional = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"validators\",\"params\":[\"6\",\"1\",\"3\"]}");
    assertThat(positional.body().get("id").asInt()).isEqualTo(9);
    assertThat(positional.body().at("/result/count").asText()).isEqualTo("3");
    Reply future = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"block\",\"params\":{\"height\":\"99\"}}");
    assertThat(future.code()).isEqualTo(200);
    assertThat(future.body().get("id").asInt()).isEqualTo(2);
    assertThat(future.body().at("/error/code").asInt()).isEqualTo(-32603);
    Reply unknown = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\",\"params\":{}}");
    assertThat(unknown.body().at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(unknown.body().at("/error/message").asText()).isEqualTo("Method not found");
  }

  private JsonNode abciQuery(String path, byte[] data) throws IOException {
    JsonNode body = get("/abci_query?path=%22" + path + "%22&data=0x" + HexFormat.of().formatHex(data)).body();
    return body.at("/result/response");
  }

  private static byte[] value(JsonNode response) {
    return Base64.getDecoder().decode(response.get("value").asText());
  }

  @Test
  void abciQueryPaginatesStakingValidatorsByKey() throws IOException {
    List<Validator> all = new ArrayList<>();
    ByteString key = ByteString.EMPTY;
    int pages = 0;
    do {
      QueryValidatorsRequest request = QueryValidatorsRequest.newBuilder()
          .setPagination(PageRequest.newBuilder().setKey(key).setLimit(2)).build();
      JsonNode response = abciQuery("/cosmos.staking.v1beta1.Query/Validators", request.toByteArray());
      assertThat(response.get("code").asInt()).isZero();
      assertThat(response.get("height").asText()).isEqualTo("15");
      QueryValidatorsResponse page = QueryValidatorsResponse.parseFrom(value(response));
      all.addAll(page.getValidatorsList());
      key = page.getPagination().getNextKey();
      pages++;
    } while (!key.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(all).extracting(v -> v.getDescription().getMoniker())
        .containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "eve");
    Validator eve = all.stream().filter(v -> v.getDescription().getMoniker().equals("eve")).findFirst().orElseThrow();
    assertThat(eve.getJailed()).isTrue();
    assertThat(eve.getConsensusPubkey().getTypeUrl()).isEqualTo("/cosmos.crypto.ed25519.PubKey");
    assertThat(io.valwatch.proto.cosmos.crypto.ed25519.PubKey.parseFrom(eve.getConsensusPubkey().getValue())
        .getKey().toByteArray()).isEqualTo(Base64.getDecoder().decode(chain.truth().validator("eve").pubKeyBase64()));
    assertThat(eve.getTokens()).isEqualTo("9900000");
    assertThat(eve.getDelegatorShares()).isEqualTo("10000000" + "000000000000000000");
    assertThat(eve.getCommission().getCommissionRates().getRate()).isEqualTo("50000000000000000");

    QueryValidatorsRequest bonded = QueryValidatorsRequest.newBuilder().setStatus("BOND_STATUS_BONDED").build();
    QueryValidatorsResponse onlyBonded = QueryValidatorsResponse.parseFrom(
        value(abciQuery("/cosmos.staking.v1beta1.Query/Validators", bonded.toByteArray())));
    assertThat(onlyBonded.getValidatorsCount()).isEqualTo(4);
    assertThat(onlyBonded.getPagination().getTotal()).isEqualTo(4);
  }

  @Test
  void abciQueryAnswersSingleValidatorParamsPoolAndSigningInfos() throws IOException {
    ValidatorTruth eve = chain.truth().validator("eve");
    QueryValidatorResponse validator = QueryValidatorResponse.parseFrom(value(abciQuery(
        "/cosmos.staking.v1beta1.Query/Validator",
        QueryValidatorRequest.newBuilder().setValidatorAddr(eve.operatorAddress()).build().toByteArray())));
    assertThat(validator.getValidator().getStatus().name()).isEqualTo("BOND_STATUS_UNBONDING");

    var slashing = io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.parseFrom(
        value(abciQuery("/cosmos.slashing.v1beta1.Query/Params", new byte[0]))).getParams();
    assertThat(slashing.getSignedBlocksWindow()).isEqualTo(10);
    assertThat(slashing.getMinSignedPerWindow().toString(StandardCharsets.US_ASCII)).isEqualTo("500000000000000000");
    assertThat(slashing.getSlashFractionDowntime().toString(StandardCharsets.US_ASCII)).isEqualTo("10000000000000000");
    assertThat(slashing.getDowntimeJailDuration().getSeconds()).isEqualTo(600);

    var staking = io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse.parseFrom(
        value(abciQuery("/cosmos.staking.v1beta1.Query/Params", new byte[0]))).getParams();
    assertThat(staking.getBondDenom()).isEqualTo("stake");
    QueryPoolResponse pool = QueryPoolResponse.parseFrom(value(abciQuery("/cosmos.staking.v1beta1.Query/Pool", new byte[0])));
    assertThat(pool.getPool().getBondedTokens()).isEqualTo("140000000");
    assertThat(pool.getPool().getNotBondedTokens()).isEqualTo("9900000");

    QuerySigningInfoResponse info = QuerySigningInfoResponse.parseFrom(value(abciQuery(
        "/cosmos.slashing.v1beta1.Query/SigningInfo",
        QuerySigningInfoRequest.newBuilder().setConsAddress(eve.consensusAddress()).build().toByteArray())));
    assertThat(info.getValSigningInfo().getJailedUntil().getSeconds())
        .isEqualTo(eve.jailedUntil().getEpochSecond());
    QuerySigningInfosResponse infos = QuerySigningInfosResponse.parseFrom(value(abciQuery(
        "/cosmos.slashing.v1beta1.Query/SigningInfos",
        QuerySigningInfosRequest.newBuilder().setPagination(PageRequest.newBuilder().setLimit(3)).build().toByteArray())));
    assertThat(infos.getInfoCount()).isEqualTo(3);
    assertThat(infos.getPagination().getNextKey().isEmpty()).isFalse();

    JsonNode missing = abciQuery("/cosmos.slashing.v1beta1.Query/SigningInfo",
        QuerySigningInfoRequest.newBuilder().setConsAddress("cosmosvalcons1nobody").build().toByteArray());
    assertThat(missing.get("code").asInt()).isEqualTo(38);
    JsonNode unknown = abciQuery("/cosmos.distribution.v1beta1.Query/Params", new byte[0]);
    assertThat(unknown.get("code").asInt()).isEqualTo(6);
    assertThat(unknown.get("log").asText()).contains("unknown query path");
    assertThat(unknown.get("value").isNull()).isTrue();
  }

  @Test
  void websocketPushesEveryNewBlock() throws Exception {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocket socket = client.newWebSocket(new Request.Builder().url(server.websocketUrl()).build(),
        new WebSocketListener() {
          @Override
          public void onMessage(WebSocket webSocket, String text) {
            messages.add(text);
          }
        });
    socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"subscribe\",\"id\":0,\"params\":{\"query\":\"tm.event='NewBlock'\"}}");
    assertThat(MAPPER.readTree(messages.poll(10, TimeUnit.SECONDS)))
        .isEqualTo(MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}"));
    chain.produceBlocks(2);
    for (int height = 16; height <= 17; height++) {
      JsonNode event = MAPPER.readTree(messages.poll(10, TimeUnit.SECONDS));
      assertThat(event.get("id").asInt()).isZero();
      assertThat(event.at("/result/query").asText()).isEqualTo("tm.event='NewBlock'");
      assertThat(event.at("/result/data/type").asText()).isEqualTo("tendermint/event/NewBlock");
      assertThat(event.at("/result/data/value/block/header/height").asText()).isEqualTo(Integer.toString(height));
      assertThat(event.at("/result/data/value/block_id/hash").asText()).matches("[0-9A-F]{64}");
      assertThat(event.at("/result/data/value/result_finalize_block/app_hash").isTextual()).isTrue();
      assertThat(event.at("/result/events/tm.event/0").asText()).isEqualTo("NewBlock");
    }
    socket.close(1000, null);
    assertThat(server.requestCount("subscribe")).isEqualTo(1);
    assertThat(server.requestCount("websocket")).isEqualTo(1);
  }

  @Test
  void websocketCanBeDisabled() throws Exception {
    try (SimnetServer polling = SimnetServer.builder(chain).websocket(false).start()) {
      BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
      client.newWebSocket(new Request.Builder().url(polling.websocketUrl()).build(), new WebSocketListener() {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
          outcome.add("open");
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
          outcome.add(response == null ? -1 : response.code());
        }
      });
      assertThat(outcome.poll(10, TimeUnit.SECONDS)).isEqualTo(404);
    }
  }

  @Test
  void requestsAreCountedOnceWhateverTheTransport() throws IOException {
    get("/block?height=5");
    post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"block\",\"params\":{\"height\":\"6\"}}");
    get("/block?height=99");
    get("/status");
    abciQuery("/cosmos.staking.v1beta1.Query/Pool", new byte[0]);
    assertThat(server.requestCount("block")).isEqualTo(3);
    assertThat(server.requestCount("status")).isEqualTo(1);
    assertThat(server.requestCount("abci_query")).isEqualTo(1);
    assertThat(server.requestCount("commit")).isZero();
  }
}
