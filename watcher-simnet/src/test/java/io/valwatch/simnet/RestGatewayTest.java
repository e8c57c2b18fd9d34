package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OkHttp against the simulator's LCD REST API: grpc-gateway's JSON encodings, pagination and errors. */
@Timeout(30)
class RestGatewayTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OkHttpClient client = new OkHttpClient();
  private SimulatedChain chain;
  private SimnetServer server;

  @BeforeEach
  void start() throws IOException {
    chain = TestChains.fiveValidators();
    server = SimnetServer.builder(chain).grpc(false).start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private record Reply(int code, JsonNode body, String height) {}

  private Reply get(HttpUrl url, Map<String, String> headers) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    headers.forEach(request::header);
    try (Response response = client.newCall(request.build()).execute()) {
      return new Reply(response.code(), MAPPER.readTree(response.body().string()),
          response.header("Grpc-Metadata-X-Cosmos-Block-Height"));
    }
  }

  private Reply get(String path) throws IOException {
    return get(HttpUrl.get(server.restUrl() + path), Map.of());
  }

  @Test
  void validatorHasTheLcdShape() throws IOException {
    ValidatorTruth alice = chain.truth().validator("alice");
    Reply reply = get("/cosmos/staking/v1beta1/validators/" + alice.operatorAddress());

    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.height()).isEqualTo("15");
    JsonNode v = reply.body().get("validator");
    assertThat(v.get("operator_address").asText()).isEqualTo(alice.operatorAddress());
    assertThat(v.get("consensus_pubkey").toString())
        .isEqualTo("{\"@type\":\"/cosmos.crypto.ed25519.PubKey\",\"key\":\"" + alice.pubKeyBase64() + "\"}");
    assertThat(v.get("jailed").isBoolean()).isTrue();
    assertThat(v.get("status").asText()).isEqualTo("BOND_STATUS_BONDED");
    assertThat(v.get("tokens").asText()).isEqualTo("50000000");
    assertThat(v.get("delegator_shares").asText()).isEqualTo("50000000.000000000000000000");
    assertThat(v.get("description").get("moniker").asText()).isEqualTo("alice");
    assertThat(v.get("unbonding_height").isTextual()).isTrue();
    assertThat(v.get("unbonding_time").asText()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(v.get("commission").toString()).isEqualTo("{\"commission_rates\":{\"rate\":\"0.050000000000000000\","
        + "\"max_rate\":\"0.200000000000000000\",\"max_change_rate\":\"0.010000000000000000\"},"
        + "\"update_time\":\"2024-01-01T00:00:00Z\"}");
    assertThat(v.get("min_self_delegation").asText()).isEqualTo("1");
    assertThat(v.get("unbonding_ids").isArray()).isTrue();
    assertThat(server.requestCount("/cosmos/staking/v1beta1/validators/{validator_addr}")).isEqualTo(1);
  }

  @Test
  void validatorsArePagedWithBase64Keys() throws IOException {
    Reply first = get("/cosmos/staking/v1beta1/validators");
    assertThat(first.body().get("pagination").toString()).isEqualTo("{\"next_key\":null,\"total\":\"5\"}");
    List<String> all = operators(first.body());

    List<String> paged = new ArrayList<>();
    String key = null;
    int pages = 0;
    do {
      HttpUrl.Builder url = HttpUrl.get(server.restUrl() + "/cosmos/staking/v1beta1/validators").newBuilder()
          .addQueryParameter("pagination.limit", "2");
      if (key != null) {
        url.addQueryParameter("pagination.key", key);
      }
      JsonNode page = get(url.build(), Map.of()).body();
      paged.addAll(operators(page));
      assertThat(page.get("pagination").get("total").asText()).isEqualTo("0");
      JsonNode next = page.get("pagination").get("next_key");
      key = next.isNull() ? null : next.asText();
      if (key != null) {
        assertThat(Base64.getDecoder().decode(key)).hasSize(20);
      }
      pages++;
    } while (key != null);

    assertThat(pages).isEqualTo(3);
    assertThat(paged).hasSize(5).containsExactlyElementsOf(all);
    assertThat(server.requestCount("/cosmos/staking/v1beta1/validators")).isEqualTo(4);
  }

  private static List<String> operators(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("validators").forEach(v -> out.add(v.get("operator_address").asText()));
    return out;
  }

  @Test
  void statusFilterAndBadParametersAnswerLikeTheGateway() throws IOException {
    Reply unbonding = get("/cosmos/staking/v1beta1/validators?status=BOND_STATUS_UNBONDING");
    assertThat(unbonding.body().get("validators")).hasSize(1);
    assertThat(unbonding.body().get("validators").get(0).get("description").get("moniker").asText()).isEqualTo("eve");
    assertThat(unbonding.body().get("validators").get(0).get("jailed").asBoolean()).isTrue();

    Reply badStatus = get("/cosmos/staking/v1beta1/validators?status=ACTIVE");
    assertThat(badStatus.code()).isEqualTo(400);
    assertThat(badStatus.body().toString())
        .isEqualTo("{\"code\":3,\"message\":\"invalid validator status ACTIVE\",\"details\":[]}");

    Reply badLimit = get("/cosmos/staking/v1beta1/validators?pagination.limit=ten");
    assertThat(badLimit.code()).isEqualTo(400);
    assertThat(badLimit.body().get("code").asInt()).isEqualTo(3);
    assertThat(badLimit.body().get("message").asText()).startsWith("type mismatch, parameter: pagination.limit");
  }

  @Test
  void paramsUseDecimalsDurationsAndNumbers() throws IOException {
    assertThat(get("/cosmos/staking/v1beta1/params").body().toString()).isEqualTo("{\"params\":{"
        + "\"unbonding_time\":\"1814400s\",\"max_validators\":100,\"max_entries\":7,\"historical_entries\":10000,"
        + "\"bond_denom\":\"stake\",\"min_commission_rate\":\"0.000000000000000000\"}}");
    assertThat(get("/cosmos/slashing/v1beta1/params").body().toString()).isEqualTo("{\"params\":{"
        + "\"signed_blocks_window\":\"10\",\"min_signed_per_window\":\"0.500000000000000000\","
        + "\"downtime_jail_duration\":\"600s\",\"slash_fraction_double_sign\":\"0.050000000000000000\","
        + "\"slash_fraction_downtime\":\"0.010000000000000000\"}}");
    JsonNode pool = get("/cosmos/staking/v1beta1/pool").body().get("pool");
    assertThat(pool.get("bonded_tokens").asText()).isEqualTo("140000000");
  }

  @Test
  void signingInfosHaveQuotedCountersAndRfc3339Times() throws IOException {
    ValidatorTruth eve = chain.truth().validator("eve");
    Reply reply = get("/cosmos/slashing/v1beta1/signing_infos/" + eve.consensusAddress());
    assertThat(reply.body().toString()).isEqualTo("{\"val_signing_info\":{\"address\":\"" + eve.consensusAddress()
        + "\",\"start_height\":\"0\",\"index_offset\":\"" + eve.indexOffset() + "\","
        + "\"jailed_until\":\"2024-01-01T00:10:11Z\",\"tombstoned\":false,"
        + "\"missed_blocks_counter\":\"" + eve.missedBlocksCounter() + "\"}}");

    JsonNode infos = get("/cosmos/slashing/v1beta1/signing_infos?pagination.limit=4").body();
    assertThat(infos.get("info")).hasSize(4);
    assertThat(infos.get("pagination").get("next_key").isTextual()).isTrue();

    Reply missing = get("/cosmos/slashing/v1beta1/signing_infos/cosmosvalcons1nobody");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.body().toString()).isEqualTo("{\"code\":5,\"message\":"
        + "\"SigningInfo not found for validator cosmosvalcons1nobody\",\"details\":[]}");
    assertThat(server.requestCount("/cosmos/slashing/v1beta1/signing_infos/{cons_address}")).isEqualTo(2);
  }

  @Test
  void heightHeaderIsCheckedAndEchoed() throws IOException {
    HttpUrl params = HttpUrl.get(server.restUrl() + "/cosmos/slashing/v1beta1/params");
    assertThat(get(params, Map.of("x-cosmos-block-height", "9")).height()).isEqualTo("9");

    Reply future = get(params, Map.of("x-cosmos-block-height", "99"));
    assertThat(future.code()).isEqualTo(500);
    assertThat(future.body().get("code").asInt()).isEqualTo(2);
    assertThat(future.body().get("message").asText()).contains("height in the future");
  }

  @Test
  void unknownRoutesAndMethodsAnswerGatewayErrors() throws IOException {
    Reply unknown = get("/cosmos/distribution/v1beta1/params");
    assertThat(unknown.code()).isEqualTo(404);
    assertThat(unknown.body().toString()).isEqualTo("{\"code\":5,\"message\":\"Not Found\",\"details\":[]}");
    assertThat(get("/initia/mstaking/v1/validators").code()).isEqualTo(404);

    Request post = new Request.Builder().url(server.restUrl() + "/cosmos/staking/v1beta1/params")
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    try (Response response = client.newCall(post).execute()) {
      assertThat(response.code()).isEqualTo(501);
      assertThat(MAPPER.readTree(response.body().string()).get("code").asInt()).isEqualTo(12);
    }
  }
}
