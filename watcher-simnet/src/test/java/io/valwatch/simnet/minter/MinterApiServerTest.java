package io.valwatch.simnet.minter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MinterApiServerTest {
  private final OkHttpClient http = new OkHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private MinterChain chain;
  private MinterApiServer server;

  @BeforeEach
  void start() throws IOException {
    chain = MinterChain.builder()
        .jailBlocks(40)
        .keepLastStates(15)
        .earliestBlockHeight(3)
        .candidate("alice", 3_000)
        .candidate("bob", 2_000)
        .candidate("carol", 1_000)
        .maxValidators(2)
        .offline("bob", 5, 100)
        .build();
    chain.produceUntil(30);
    server = MinterApiServer.start(chain);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Reply(int code, JsonNode body) {}

  private Reply get(String pathAndQuery) throws IOException {
    return get(server, pathAndQuery);
  }

  private Reply get(MinterApiServer api, String pathAndQuery) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(api.url() + pathAndQuery).build()).execute()) {
      return new Reply(response.code(), mapper.readTree(response.body().string()));
    }
  }

  @Test
  void status() throws IOException {
    Reply r = get("/status");

    assertThat(r.code()).isEqualTo(200);
    assertThat(r.body().get("latest_block_height").isTextual()).isTrue();
    assertThat(r.body().get("latest_block_height").asText()).isEqualTo("30");
    assertThat(r.body().get("latest_block_time").asText()).isEqualTo("2024-01-01T00:02:30Z");
    assertThat(r.body().get("latest_block_hash").asText()).matches("[0-9A-F]{64}");
    assertThat(r.body().get("network").asText()).isEqualTo("minter-simnet-1");
    assertThat(r.body().get("public_key").asText()).matches("Mp[0-9a-f]{64}");
    assertThat(r.body().get("catching_up").isBoolean()).isTrue();
    assertThat(r.body().get("keep_last_states").asText()).isEqualTo("15");
  }

  @Test
  void blockListsThePreviousSetWithSignedFlagsAndItsProposer() throws IOException {
    Reply r = get("/block/6");

    assertThat(r.code()).isEqualTo(200);
    JsonNode b = r.body();
    assertThat(b.get("height").asText()).isEqualTo("6");
    assertThat(b.get("hash").asText()).matches("[0-9a-f]{64}");
    assertThat(b.get("time").asText()).isEqualTo("2024-01-01T00:00:30Z");
    assertThat(b.get("proposer").asText()).isEqualTo(chain.publicKey("alice")); // bob is offline at 6
    List<String> validators = new ArrayList<>();
    b.get("validators").forEach(v -> validators.add(v.get("public_key").asText() + "=" + v.get("signed").asBoolean()));
    assertThat(validators).containsExactly(chain.publicKey("alice") + "=true", chain.publicKey("bob") + "=false");
    assertThat(b.get("evidence").get("evidence").isArray()).isTrue();
    assertThat(b.get("block_reward").isTextual()).isTrue();
    assertThat(b.get("transaction_count").asText()).isEqualTo("0");
  }

  @Test
  void blockFieldsShrinkTheAnswer() throws IOException {
    JsonNode b = get("/block/6?fields=proposer").body();

    assertThat(b.get("proposer").asText()).startsWith("Mp");
    assertThat(b.get("validators")).isEmpty();
    assertThat(b.get("block_reward").isNull()).isTrue();
    assertThat(b.get("evidence").isNull()).isTrue();
    assertThat(b.get("time").asText()).isEqualTo("2024-01-01T00:00:30Z");
  }

  @Test
  void missingAndPrunedBlocksAnswer404() throws IOException {
    Reply future = get("/block/31");
    Reply pruned = get("/block/2");

    assertThat(future.code()).isEqualTo(404);
    assertThat(future.body().get("error").get("code").asText()).isEqualTo("404");
    assertThat(future.body().get("error").get("message").asText()).isEqualTo("Block not found");
    assertThat(future.body().get("error").get("data").isObject()).isTrue();
    assertThat(pruned.code()).isEqualTo(404);
    assertThat(get("/block/3").code()).isEqualTo(200);
  }

  @Test
  void validatorsAtAHeight() throws IOException {
    JsonNode early = get("/validators?height=10").body().get("validators");
    JsonNode late = get("/validators").body().get("validators");

    // bob is punished in block 18 (absences recorded in blocks 6..18) and leaves the set of 20
    assertThat(early).hasSize(2);
    assertThat(early.get(1).get("public_key").asText()).isEqualTo(chain.publicKey("bob"));
    assertThat(early.get(1).get("voting_power").asText()).isEqualTo("2000");
    assertThat(late).hasSize(1);
    assertThat(get("/validators?height=19").body().get("validators")).hasSize(2);
    assertThat(get("/validators?height=20").body().get("validators")).hasSize(1);
    assertThat(get("/validators?height=31").code()).isEqualTo(400);
  }

  @Test
  void candidateShowsStatusValidatorFlagAndJailHeight() throws IOException {
    JsonNode bob = get("/candidate/" + chain.publicKey("bob")).body();
    JsonNode alice = get("/candidate/" + chain.publicKey("alice") + "?not_show_stakes=true").body();

    assertThat(bob.get("status").asText()).isEqualTo("1");
    assertThat(bob.get("validator").asBoolean()).isFalse();
    assertThat(bob.get("jailed_until").asText()).isEqualTo(Long.toString(18 + 40));
    assertThat(bob.get("total_stake").asText()).isEqualTo("2000" + "0".repeat(18));
    assertThat(bob.get("stakes")).hasSize(1);
    assertThat(bob.get("commission").asText()).isEqualTo("10");
    assertThat(bob.get("owner_address").asText()).matches("Mx[0-9a-f]{40}");
    assertThat(alice.get("status").asText()).isEqualTo("2");
    assertThat(alice.get("validator").asBoolean()).isTrue();
    assertThat(alice.get("jailed_until").asText()).isEqualTo("0");
    assertThat(alice.get("stakes")).isEmpty();
    assertThat(alice.get("used_slots").isNull()).isTrue();
  }

  @Test
  void candidateAtAnEarlierKeptHeight() throws IOException {
    JsonNode bob = get("/candidate/" + chain.publicKey("bob") + "?height=17").body();

    assertThat(bob.get("validator").asBoolean()).isTrue();
    assertThat(bob.get("status").asText()).isEqualTo("2");
    assertThat(bob.get("jailed_until").asText()).isEqualTo("0");
  }

  @Test
  void candidatesFilteredByStatus() throws IOException {
    assertThat(get("/candidates").body().get("candidates")).hasSize(3);
    assertThat(get("/candidates?status=validator").body().get("candidates")).hasSize(1);
    assertThat(get("/candidates?status=off").body().get("candidates").get(0).get("public_key").asText())
        .isEqualTo(chain.publicKey("bob"));
    assertThat(get("/candidates?status=on").body().get("candidates")).hasSize(2);
    assertThat(get("/candidates").body().get("candidates").get(0).get("stakes")).isEmpty();
    assertThat(get("/candidates?include_stakes=true").body().get("candidates").get(0).get("stakes")).hasSize(1);
    assertThat(get("/candidates").body().get("deleted").isArray()).isTrue();
    assertThat(get("/candidates?status=sideways").code()).isEqualTo(400);
  }

  @Test
  void missedBlocksOfAValidator() throws IOException {
    Reply alice = get("/missed_blocks/" + chain.publicKey("alice"));
    // absences recorded by blocks 6..17: bits 6..17
    Reply bobAtTwelve = get("/missed_blocks/" + chain.publicKey("bob") + "?height=17");
    Reply bobPunished = get("/missed_blocks/" + chain.publicKey("bob") + "?height=18");

    assertThat(alice.body().get("missed_blocks").asText()).isEqualTo("BA{24:________________________}");
    assertThat(alice.body().get("missed_blocks_count").asText()).isEqualTo("0");
    assertThat(bobAtTwelve.body().get("missed_blocks_count").asText()).isEqualTo("12");
    assertThat(bobAtTwelve.body().get("missed_blocks").asText()).isEqualTo("BA{24:______xxxxxxxxxxxx______}");
    assertThat(bobPunished.code()).isEqualTo(404);
    assertThat(bobPunished.body().get("error").get("message").asText()).isEqualTo("Validator not found");
  }

  @Test
  void missedBlocksWhileGoingOffline() throws IOException {
    MinterChain fresh = MinterChain.builder().candidate("a", 2).candidate("b", 1).offline("b", 4, 30).build();
    fresh.produceUntil(9);
    try (MinterApiServer api = MinterApiServer.start(fresh)) {
      JsonNode b = get(api, "/missed_blocks/" + fresh.publicKey("b")).body();

      // absences recorded by blocks 5..9: bits 5..9
      assertThat(b.get("missed_blocks").asText()).isEqualTo("BA{24:_____xxxxx______________}");
      assertThat(b.get("missed_blocks_count").asText()).isEqualTo("5");
    }
  }

  @Test
  void errorsNameTheProblem() throws IOException {
    Reply unknown = get("/candidate/Mp" + "ab".repeat(32));
    Reply notValidator = get("/missed_blocks/" + chain.publicKey("carol"));
    Reply badKey = get("/candidate/Mx" + "ab".repeat(20));
    Reply badHeight = get("/block/abc");
    Reply forgotten = get("/candidate/" + chain.publicKey("alice") + "?height=5");
    Reply noRoute = get("/nothing");

    assertThat(unknown.code()).isEqualTo(404);
    assertThat(unknown.body().get("error").get("message").asText()).isEqualTo("Candidate not found");
    assertThat(notValidator.code()).isEqualTo(404);
    assertThat(notValidator.body().get("error").get("message").asText()).isEqualTo("Validator not found");
    assertThat(badKey.code()).isEqualTo(400);
    assertThat(badKey.body().get("error").get("code").asText()).isEqualTo("400");
    assertThat(badHeight.code()).isEqualTo(400);
    assertThat(badHeight.body().get("error").get("message").asText()).contains("\"abc\"");
    assertThat(forgotten.code()).isEqualTo(404);
    assertThat(noRoute.code()).isEqualTo(404);
  }

  @Test
  void countsRequestsPerRoute() throws IOException {
    get("/block/5");
    get("/block/6");
    get("/status");

    assertThat(server.requestCount("block")).isEqualTo(2);
    assertThat(server.requestCount("status")).isEqualTo(1);
    assertThat(server.requestCount("candidates")).isZero();
  }

  @Test
  void timesAreRfc3339NanoWithoutTrailingZeros() {
    assertThat(MinterApiDispatcher.rfc3339Nano(Instant.parse("2024-01-01T00:00:01.250Z")))
        .isEqualTo("2024-01-01T00:00:01.25Z");
    assertThat(MinterApiDispatcher.rfc3339Nano(Instant.parse("2024-01-01T00:00:01Z")))
        .isEqualTo("2024-01-01T00:00:01Z");
  }

  private Reply post(String path, String json) throws IOException {
    Request request = new Request.Builder().url(server.url() + path)
        .post(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json"))).build();
    try (Response response = http.newCall(request).execute()) {
      return new Reply(response.code(), mapper.readTree(response.body().string()));
    }
  }

  @Test
  void transactionsAreEstimatedSentAndRefusedInTheGatewaysShapes() throws IOException {
    String owner = chain.truth().candidate("alice").ownerAddress();
    String tx = chain.transaction("alice").candidateOff("alice").gasPrice(2).sign();

    Reply account = get("/address/" + owner);
    assertThat(account.code()).isEqualTo(200);
    assertThat(account.body().get("transaction_count").asText()).isEqualTo("0");
    assertThat(account.body().at("/balance/0/coin/id").asText()).isEqualTo("0");
    assertThat(account.body().at("/balance/0/value").asText()).isEqualTo("100" + "0".repeat(18));
    assertThat(account.body().get("multisig").isNull()).isTrue();
    assertThat(get("/estimate_tx_commission/" + tx).body().get("commission").asText())
        .isEqualTo("2" + "0".repeat(17));

    Reply sent = post("/send_transaction", "{\"tx\":\"" + tx + "\"}");
    assertThat(sent.code()).isEqualTo(200);
    assertThat(sent.body().get("code").asText()).isEqualTo("0");
    assertThat(sent.body().get("hash").asText()).matches("Mt[0-9a-f]{64}");
    assertThat(get("/send_transaction/" + tx).code()).as("already in the mempool's cache").isEqualTo(409);
    chain.produceBlocks(1);

    Reply used = post("/send_transaction", "{\"tx\":\"" + chain.transaction("alice").candidateOn("alice").sign() + "\"}");
    assertThat(used.code()).isEqualTo(400);
    assertThat(used.body().at("/error/code").asText()).isEqualTo("101");
    assertThat(used.body().at("/error/message").asText()).isEqualTo("Unexpected nonce. Expected: 2, got 1.");
    assertThat(used.body().at("/error/data/expected_nonce").asText()).isEqualTo("2");
    assertThat(get("/address/" + owner).body().get("transaction_count").asText()).isEqualTo("1");
    assertThat(get("/send_transaction/f8").body().at("/error/message").asText()).isEqualTo("invalid transaction");
  }
}
