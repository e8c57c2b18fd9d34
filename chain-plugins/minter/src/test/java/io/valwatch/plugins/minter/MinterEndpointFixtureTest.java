package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.plugins.minter.MinterEndpoint.Block;
import io.valwatch.plugins.minter.MinterEndpoint.Candidate;
import io.valwatch.plugins.minter.MinterEndpoint.Signer;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.ManualClock;
import io.valwatch.spi.ChainData;
import io.valwatch.tracker.HeightVotes;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The API's shapes, written by hand from Minter's protojson, and its error replies. */
class MinterEndpointFixtureTest {
  // The Cosmos Hub key of the wire reference as a Minter key, and a second key.
  private static final String KEY_A = "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31c";
  private static final String HEX_A = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  private static final String KEY_B = "Mp" + "11".repeat(32);

  private static final String STATUS = """
      {"latest_block_hash":"6A0D2C1F9E3B4A5D6C7B8A9F0E1D2C3B4A5D6E7F8091A2B3C4D5E6F708192A3B",
       "latest_app_hash":"0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9",
       "latest_block_height":"1204","latest_block_time":"2024-03-01T10:00:00.123456789Z",
       "keep_last_states":"120","catching_up":false,"public_key":"%s","version":"3.0.0",
       "node_id":"9f6b2c0e1d4a5b3c2d1e0f9a8b7c6d5e4f3a2b1c","total_slashed":"0","network":"minter-mainnet-5",
       "initial_height":"9150000","moniker":"node-1","current_emission":"0"}""".formatted(KEY_A);

  private static String block(long height, String proposer, String validators) {
    return """
        {"hash":"6a0d2c1f9e3b4a5d6c7b8a9f0e1d2c3b4a5d6e7f8091a2b3c4d5e6f708192a3b","height":"%d",
         "time":"2024-03-01T10:00:0%d.5Z","transaction_count":"0","transactions":[],"size":"0",
         "proposer":"%s","validators":[%s],"missed":[],"evidence":null,"events":[],
         "block_reward":null,"locked_stake_rewards":null}""".formatted(height, height % 10, proposer, validators);
  }

  private static final String CANDIDATES = """
      {"candidates":[
        {"reward_address":"Mx%1$s","total_stake":"123456789000000000000000","public_key":"%2$s",
         "commission":"10","stakes":[],"status":"2","used_slots":null,"uniq_users":null,"min_stake":null,
         "owner_address":"Mx%1$s","control_address":"Mx%1$s","validator":true,"jailed_until":"0","id":"7"},
        {"reward_address":"Mx%1$s","total_stake":"5000000000000000000","public_key":"%3$s",
         "commission":"100","stakes":[],"status":"1","used_slots":null,"uniq_users":null,"min_stake":null,
         "owner_address":"Mx%1$s","control_address":"Mx%1$s","validator":false,"jailed_until":"1300","id":"8"}],
       "deleted":[]}""".formatted("ab".repeat(20), KEY_A, KEY_B);

  private static final String CANDIDATE_NOT_FOUND = """
      {"error":{"code":"404","message":"Candidate not found","data":{}}}""";

  @StartStop
  public final MockWebServer node = new MockWebServer();

  @StartStop
  public final MockWebServer backup = new MockWebServer();

  private final OkHttpClient http = new OkHttpClient();

  private MinterEndpoint endpoint(MockWebServer server) {
    return new MinterEndpoint(RpcEndpoint.parse(server.url("/v2").toString()), http, Clock.systemUTC());
  }

  private EndpointGroup group(Clock clock, MockWebServer... servers) {
    return new EndpointGroup("minter-mainnet-5",
        Stream.of(servers).map(s -> RpcEndpoint.parse(s.url("/v2").toString())).toList(), http, clock);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void status() throws Exception {
    node.enqueue(json(200, STATUS));

    MinterEndpoint.Status status = endpoint(node).status("minter-mainnet-5");

    assertThat(status).isEqualTo(new MinterEndpoint.Status(
        1204, Instant.parse("2024-03-01T10:00:00.123456789Z"), "minter-mainnet-5", false));
    assertThat(node.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/status");
    assertThat(endpoint(node).health().up()).isFalse(); // a new endpoint has not been checked
  }

  @Test
  void blockWithSignedFlagsAndProposer() throws Exception {
    node.enqueue(json(200, block(5, KEY_B,
        "{\"public_key\":\"%s\",\"signed\":true},{\"public_key\":\"%s\",\"signed\":false}".formatted(KEY_A, KEY_B))));

    Block block = endpoint(node).block(5);

    ConsensusKey a = ConsensusKey.of(KeyType.ED25519, HexFormat.of().parseHex(KEY_A.substring(2)));
    ConsensusKey b = ConsensusKey.of(KeyType.ED25519, HexFormat.of().parseHex(KEY_B.substring(2)));
    assertThat(block.height()).isEqualTo(5);
    assertThat(block.time()).isEqualTo(Instant.parse("2024-03-01T10:00:05.5Z"));
    assertThat(block.proposer()).isEqualTo(b);
    assertThat(block.previousSet()).containsExactly(new Signer(a, true), new Signer(b, false));
    assertThat(a.addressHex()).isEqualTo(HEX_A);
    RecordedRequest request = node.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/block/5");
    assertThat(request.getUrl().queryParameterValues("fields")).containsExactly("validators", "proposer");
  }

  @Test
  void candidates() throws Exception {
    node.enqueue(json(200, CANDIDATES));

    List<Candidate> candidates = endpoint(node).candidates(1204);

    assertThat(candidates).hasSize(2);
    Candidate first = candidates.get(0);
    assertThat(first.publicKey()).isEqualTo(KEY_A);
    assertThat(first.key().addressHex()).isEqualTo(HEX_A);
    assertThat(first.totalStake()).isEqualTo(new BigInteger("123456789000000000000000"));
    assertThat(first.commission()).isEqualTo(10);
    assertThat(first.status()).isEqualTo(2);
    assertThat(first.validator()).isTrue();
    assertThat(candidates.get(1).jailedUntil()).isEqualTo(1300);
    assertThat(candidates.get(1).status()).isEqualTo(1);
    RecordedRequest request = node.takeRequest();
    assertThat(request.getUrl().queryParameter("height")).isEqualTo("1204");
    assertThat(request.getUrl().queryParameter("not_show_stakes")).isEqualTo("true");
  }

  @Test
  void validatorsAndMissedBlocks() throws Exception {
    node.enqueue(json(200, "{\"validators\":[{\"public_key\":\"%s\",\"voting_power\":\"987654\"}]}".formatted(KEY_A)));
    node.enqueue(json(200, "{\"missed_blocks\":\"BA{24:____x___________x_______}\",\"missed_blocks_count\":\"2\"}"));
    MinterEndpoint endpoint = endpoint(node);

    assertThat(endpoint.validators(10).values()).containsExactly(987_654L);
    assertThat(endpoint.missedBlocks(KEY_A, 10))
        .isEqualTo(new MinterEndpoint.MissedBlocks("BA{24:____x___________x_______}", 2));
    node.takeRequest();
    assertThat(node.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/missed_blocks/" + KEY_A);
  }

  @Test
  void malformedFieldsAreNamedWithTheRequest() {
    node.enqueue(json(200, block(5, KEY_A, "{\"public_key\":\"%s\",\"signed\":\"yes\"}".formatted(KEY_A))));
    node.enqueue(json(200, STATUS.replace("\"latest_block_height\":\"1204\",", "")));
    node.enqueue(json(200, CANDIDATES.replace("\"status\":\"1\"", "\"status\":\"3\"")));
    node.enqueue(json(200, block(6, "Mx" + "ab".repeat(20), "")));
    node.enqueue(json(200, "{\"missed_blocks\":\"BA{24:}\",\"missed_blocks_count\":\"-1\"}"));
    MinterEndpoint endpoint = endpoint(node);

    assertThatThrownBy(() -> endpoint.block(5))
        .hasMessageContaining("GET block/5")
        .hasMessageContaining("field 'validators[0].signed' is not a boolean (got \"yes\")");
    assertThatThrownBy(() -> endpoint.status(null))
        .hasMessageContaining("GET status: field 'latest_block_height' is missing");
    assertThatThrownBy(() -> endpoint.candidates(3))
        .hasMessageContaining("field 'candidates[1].status' is neither 1 (offline) nor 2 (online) (got \"3\")");
    assertThatThrownBy(() -> endpoint.block(6))
        .hasMessageContaining("field 'proposer' is not a Minter public key");
    assertThatThrownBy(() -> endpoint.missedBlocks(KEY_A, 1))
        .hasMessageContaining("field 'missed_blocks_count' is not a non-negative integer");
    assertThat(endpoint.health().requests()).containsEntry(RequestOutcome.MALFORMED, 5L);
  }

  @Test
  void errorRepliesCarryTheirStatusAndMessage() {
    node.enqueue(json(404, CANDIDATE_NOT_FOUND));
    node.enqueue(new MockResponse.Builder().code(502).body("<html><body>Bad Gateway</body></html>").build());
    node.enqueue(json(200, "not json"));
    MinterEndpoint endpoint = endpoint(node);

    assertThatThrownBy(() -> endpoint.missedBlocks(KEY_B, 3))
        .isInstanceOfSatisfying(MinterApiException.class, e -> assertThat(e.notFound()).isTrue())
        .hasMessageContaining("HTTP 404: Candidate not found (code 404)");
    assertThatThrownBy(() -> endpoint.block(4))
        .isInstanceOfSatisfying(MinterApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(502))
        .hasMessageContaining("HTTP 502: <html><body>Bad Gateway</body></html>");
    assertThatThrownBy(() -> endpoint.status(null))
        .hasMessageContaining("answer is not a JSON object: not json");
    assertThat(endpoint.health().requests()).containsExactlyInAnyOrderEntriesOf(Map.of(
        RequestOutcome.RPC_ERROR, 1L, RequestOutcome.HTTP_ERROR, 1L, RequestOutcome.MALFORMED, 1L));
    assertThat(endpoint.health().lastError().orElseThrow()).contains("not json");
  }

  @Test
  void aCandidateTheNodeDoesNotKnowIsLeftWithoutAnAbsenceRecord() throws IOException {
    node.enqueue(json(200, STATUS));
    node.enqueue(json(200, CANDIDATES));
    node.enqueue(json(200, "{\"validators\":[{\"public_key\":\"%s\",\"voting_power\":\"5\"}]}".formatted(KEY_A)));
    node.enqueue(json(404, CANDIDATE_NOT_FOUND));

    ChainData data = new MinterPlugin()
        .open(Contexts.of("minter-mainnet-5", new ManualClock(Instant.EPOCH), Map.of(),
            node.url("/v2").toString()))
        .fetch();

    assertThat(data.validators()).hasSize(2);
    assertThat(data.validators().get(0).votingPower()).isEqualTo(5);
    // the second candidate is not a validator but is jailed until 1300: a record with its jail end only
    assertThat(data.signingInfos()).hasSize(1);
    assertThat(data.signingInfos().values().iterator().next().jailedUntil())
        .isEqualTo(Instant.parse("2024-03-01T10:00:00.123456789Z").plusSeconds(5 * (1300 - 1204)));
    assertThat(data.validators().get(1).jailed()).isTrue();
    assertThat(data.validators().get(1).commissionRate()).isEqualByComparingTo("1");
  }

  @Test
  void aServerErrorFailsOverToTheNextEndpoint() throws IOException {
    node.enqueue(json(200, STATUS));
    backup.enqueue(json(200, STATUS));
    node.enqueue(json(200, block(1204, KEY_A, ""))); // the reported block, asked for to confirm it
    node.enqueue(json(500, "{\"error\":{\"code\":\"500\",\"message\":\"internal\",\"data\":{}}}"));
    backup.enqueue(json(200, block(4, KEY_A, "")));
    backup.enqueue(json(200, block(5, KEY_A, "{\"public_key\":\"%s\",\"signed\":true}".formatted(KEY_A))));
    backup.enqueue(json(200, "{\"validators\":[{\"public_key\":\"%s\",\"voting_power\":\"9\"}]}".formatted(KEY_A)));

    var source = new MinterPlugin()
        .openBlockSource(Contexts.of("minter-mainnet-5", new ManualClock(Instant.EPOCH), Map.of(),
            node.url("/v2").toString(), backup.url("/v2").toString()))
        .orElseThrow();
    assertThat(source.latestHeight()).isEqualTo(1203);
    HeightVotes votes = source.votes(4);

    assertThat(votes.proposerAddress()).isEqualTo(HEX_A);
    assertThat(votes.votes()).singleElement().satisfies(v -> assertThat(v.votingPower()).isEqualTo(9));
    assertThat(source.endpoints().get(0).requests()).containsEntry(RequestOutcome.RPC_ERROR, 1L);
    assertThat(source.endpoints().get(1).requests()).containsEntry(RequestOutcome.SUCCESS, 4L);
  }

  @Test
  void notFoundEverywhereStaysNotFoundAndMixedFailuresDoNot() {
    node.enqueue(json(404, "{\"error\":{\"code\":\"404\",\"message\":\"Block not found\",\"data\":{}}}"));
    backup.enqueue(json(404, "{\"error\":{\"code\":\"404\",\"message\":\"Block not found\",\"data\":{}}}"));
    node.enqueue(json(404, "{\"error\":{\"code\":\"404\",\"message\":\"Block not found\",\"data\":{}}}"));
    backup.enqueue(json(503, "busy"));
    EndpointGroup group = group(Clock.systemUTC(), node, backup);

    assertThatThrownBy(() -> group.call("block 9", e -> e.block(9)))
        .isInstanceOfSatisfying(MinterApiException.class, e -> assertThat(e.notFound()).isTrue())
        .hasMessageContaining("block 9 failed on all 2 endpoints");
    assertThatThrownBy(() -> group.call("block 9", e -> e.block(9)))
        .isInstanceOfSatisfying(MinterApiException.class, e -> assertThat(e.notFound()).isFalse())
        .hasMessageContaining("Block not found").hasMessageContaining("HTTP 503: busy");
  }

  @Test
  void eachFailureBacksTheEndpointOffForAsLongAsItsKindOrItsRetryAfterSays() {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    EndpointGroup group = group(clock, node);
    MinterEndpoint endpoint = group.endpoints().get(0);

    node.enqueue(json(503, "busy")); // busy: from 1 s, doubling
    assertThatThrownBy(() -> group.call("status", e -> e.status("minter-mainnet-5"))).hasMessageContaining("HTTP 503: busy");
    assertThat(endpoint.health().lastError().orElseThrow()).endsWith("next request after 1000 ms");
    assertThatThrownBy(() -> group.call("status", e -> e.status("minter-mainnet-5"))).hasMessageContaining("every endpoint is backing off");
    clock.advance(Duration.ofMillis(999));
    assertThatThrownBy(() -> group.call("status", e -> e.status("minter-mainnet-5"))).hasMessageContaining("every endpoint is backing off");
    assertThat(node.getRequestCount()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    node.enqueue(json(503, "busy"));
    assertThatThrownBy(() -> group.call("status", e -> e.status("minter-mainnet-5"))).hasMessageContaining("HTTP 503");
    assertThat(endpoint.health().lastError().orElseThrow()).endsWith("next request after 2000 ms");

    clock.advance(Duration.ofSeconds(2));
    node.enqueue(json(429, "slow down").newBuilder().addHeader("Retry-After", "7").build());
    assertThatThrownBy(() -> group.call("status", e -> e.status("minter-mainnet-5"))).hasMessageContaining("HTTP 429");
    assertThat(endpoint.health().lastError().orElseThrow()).endsWith("next request after 7000 ms");

    clock.advance(Duration.ofSeconds(7));
    node.enqueue(json(200, STATUS));
    assertThat(endpoint.health().up()).isFalse();
    assertThatCode(() -> group.call("status", e -> e.status("minter-mainnet-5"))).doesNotThrowAnyException();
    assertThat(endpoint.health().up()).isTrue();

    node.enqueue(json(500, "{\"error\":{\"code\":\"500\",\"message\":\"internal\",\"data\":{}}}"));
    assertThatThrownBy(() -> group.call("status", e -> e.status("minter-mainnet-5"))).hasMessageContaining("internal (code 500)");
    assertThat(endpoint.health().lastError().orElseThrow()).as("the node's own error answer").endsWith("next request after 250 ms");

    clock.advance(Duration.ofMillis(250));
    node.enqueue(json(404, "{\"error\":{\"code\":\"404\",\"message\":\"Block not found\",\"data\":{}}}"));
    assertThatThrownBy(() -> group.call("block 9", e -> e.block(9)))
        .isInstanceOfSatisfying(MinterApiException.class, e -> assertThat(e.notFound()).isTrue());
    assertThat(endpoint.backingOff()).as("a 404 is an answer").isFalse();
    node.enqueue(json(400, "{\"error\":{\"code\":\"400\",\"message\":\"Coin not found\",\"data\":{}}}"));
    assertThatThrownBy(() -> group.call("block 9", e -> e.block(9))).hasMessageContaining("Coin not found (code 400)");
    assertThat(endpoint.backingOff()).as("the node's answer about the request").isFalse();
    node.enqueue(json(502, "<html>Bad Gateway</html>"));
    assertThatThrownBy(() -> group.call("block 9", e -> e.block(9))).hasMessageContaining("HTTP 502");
    assertThat(endpoint.health().lastError().orElseThrow()).as("a proxy's error").endsWith("next request after 250 ms");
    assertThat(node.getRequestCount()).isEqualTo(8);
  }
}
