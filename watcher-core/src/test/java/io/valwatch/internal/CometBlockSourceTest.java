package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.ChainSpec;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.internal.risk.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class CometBlockSourceTest {
  private static final String A = "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567";
  private static final String B = "D68EEC0D2E8248F1EC64CDB585EDB61ECA432BD8";
  private static final String C = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";
  private static final String SET_HASH = "9E1A3C0B7F5D4E2A1B6C8D0E3F5A7B9C1D2E4F6A8B0C2D4E6F8A0B2C4D6E8F0A";
  /** Priorities stored for height 9: A has the most, so it is due to propose height 10 in round 0. */
  private static final Map<String, Long> PRIORITIES_9 = Map.of(A, 5L, B, 0L, C, -5L);
  /**
   * Priorities stored for height 10, after A was chosen: B now has the most (it proposes round 1), which is
   * why the set of the height itself cannot tell round 0's proposer.
   */
  private static final Map<String, Long> PRIORITIES_10 = Map.of(A, -15L, B, 10L, C, 5L);

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<String> requests = new CopyOnWriteArrayList<>();

  private HeightVotes votesAt10(String proposer10, int commitRound) throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            HttpUrl url = request.getUrl();
            long height = Long.parseLong(url.queryParameter("height"));
            requests.add(url.encodedPath() + "?height=" + height);
            String result =
                switch (url.encodedPath()) {
                  case "/block" -> height == 10 ? block(10, proposer10, 0) : block(11, B, commitRound);
                  case "/validators" -> validators(height, height == 9 ? PRIORITIES_9 : PRIORITIES_10);
                  default -> throw new IllegalArgumentException(url.toString());
                };
            return new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":" + result + "}")
                .build();
          }
        });
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), new OkHttpClient());
    ChainSpec spec = ChainSpec.builder("test-1").rpcEndpoint(server.url("/").toString()).websocket(false).build();
    EndpointPool pool = new EndpointPool("test-1", List.of(client), (endpoint, message) -> {}, Clock.systemUTC());
    return new CometBlockSource(spec, pool, Clock.systemUTC(), Runnable::run, () -> {}).votes(10);
  }

  @Test
  void aLaterRoundsBlockCommittedNamesRoundZerosProposerFromTheSetBefore() throws Exception {
    HeightVotes votes = votesAt10(B, 1);

    assertThat(votes.proposerAddress()).isEqualTo(B);
    assertThat(votes.missedProposer()).isEqualTo(A);
    assertThat(requests).containsExactly("/block?height=10", "/block?height=11", "/validators?height=10", "/validators?height=9");
  }

  @Test
  void roundZerosBlockCommittedInALaterRoundIsNoMissedProposal() throws Exception {
    HeightVotes votes = votesAt10(A, 1);

    assertThat(votes.missedProposer()).isNull();
    assertThat(requests).contains("/validators?height=9");
  }

  @Test
  void aHaltedChainIsPolledLessAndLessWhileASubscriptionIsOpen() {
    ScriptedNode node = new ScriptedNode(server, "node").serves(ScriptedNode.CHAIN, 100, false);
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    OkHttpClient http = new OkHttpClient();
    EndpointPool pool = new EndpointPool(ScriptedNode.CHAIN, List.of(node.client(http)), (endpoint, message) -> {}, clock);
    // Polls every 2 s, checks the endpoint every 15 s, subscribes over the websocket: the defaults.
    ChainSpec spec = ChainSpec.builder(ScriptedNode.CHAIN).rpcEndpoint(server.url("/").toString()).build();
    CometBlockSource source = new CometBlockSource(spec, pool, clock, Runnable::run, () -> {});

    for (int second = 0; second <= 60; second++) {
      assertThat(source.latestHeight()).isEqualTo(99);
      clock.advance(Duration.ofSeconds(1));
    }
    // Polls at 0, 2, 6, 14, 29, 44 and 59 s (the delay doubles up to the check interval), checks at 0, 15,
    // 30, 45 and 60 s; every 2 s, it would be 31 polls.
    assertThat(node.asked("status")).isEqualTo(12);

    node.height = 101;
    for (int second = 0; second <= 20; second++) {
      source.latestHeight();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(source.latestHeight()).as("seen within a check interval").isEqualTo(100);
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void aRoundZeroCommitCostsNoExtraRequest() throws Exception {
    HeightVotes votes = votesAt10(A, 0);

    assertThat(votes.missedProposer()).isNull();
    assertThat(requests).containsExactly("/block?height=10", "/block?height=11", "/validators?height=10");
  }

  private static String block(long height, String proposer, int lastCommitRound) {
    String signatures =
        String.join(
            ",",
            List.of(A, B, C).stream()
                .map(
                    a ->
                        "{\"block_id_flag\":2,\"validator_address\":\"" + a
                            + "\",\"timestamp\":\"2026-01-01T00:00:" + height + "Z\",\"signature\":\"AAAA\"}")
                .toList());
    return "{\"block_id\":{\"hash\":\"" + hash(height) + "\",\"parts\":{\"total\":1,\"hash\":\"" + hash(-height) + "\"}},"
        + "\"block\":{\"header\":{\"chain_id\":\"test-1\",\"height\":\"" + height
        + "\",\"time\":\"2026-01-01T00:00:" + height + "Z\",\"validators_hash\":\"" + SET_HASH
        + "\",\"next_validators_hash\":\"" + SET_HASH + "\",\"proposer_address\":\"" + proposer + "\"},"
        + "\"data\":{\"txs\":[]},\"evidence\":{\"evidence\":[]},"
        + "\"last_commit\":{\"height\":\"" + (height - 1) + "\",\"round\":" + lastCommitRound
        + ",\"block_id\":{\"hash\":\"" + hash(height - 1) + "\",\"parts\":{\"total\":1,\"hash\":\""
        + hash(1 - height) + "\"}},\"signatures\":[" + signatures + "]}}}";
  }

  private static String hash(long seed) {
    return String.format("%064X", seed);
  }

  private static String validators(long height, Map<String, Long> priorities) {
    String members =
        String.join(
            ",",
            List.of(A, B, C).stream()
                .map(
                    a ->
                        "{\"address\":\"" + a
                            + "\",\"pub_key\":{\"type\":\"tendermint/PubKeyEd25519\",\"value\":"
                            + "\"UvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaE=\"},\"voting_power\":\"10\","
                            + "\"proposer_priority\":\"" + priorities.get(a) + "\"}")
                .toList());
    return "{\"block_height\":\"" + height + "\",\"validators\":[" + members + "],\"count\":\"3\",\"total\":\"3\"}";
  }
}
