package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.rpc.BlockIdFlag;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proposer rotation across heights and rounds, and heights committed in a later round. */
@Timeout(30)
class RoundsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** foo 1000, bar 300, baz 330 (CometBFT power), as in CometBFT's own proposer selection test. */
  private static SimulatedChain.Builder fooBarBaz() {
    return SimulatedChain.builder()
        .signedBlocksWindow(10_000)
        .validator("foo", 1_000_000_000)
        .validator("bar", 300_000_000)
        .validator("baz", 330_000_000);
  }

  private static List<String> roundZeroProposers(SimulatedChain chain, long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(h -> chain.heightTruth(h).roundZeroProposer()).toList();
  }

  @Test
  void roundZeroProposersFollowCometBftsSequence() {
    SimulatedChain chain = fooBarBaz().build();
    chain.produceBlocks(99);

    // CometBFT types/validator_set_test.go TestProposerSelection1: GetProposer, then IncrementProposerPriority(1).
    String expected = "foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar foo foo baz foo "
        + "bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo "
        + "bar foo baz foo foo foo baz bar foo foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo "
        + "baz foo bar foo foo baz foo foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo";
    assertThat(String.join(" ", roundZeroProposers(chain, 1, 99))).isEqualTo(expected);
    assertThat(roundZeroProposers(chain, 1, 99)).isEqualTo(
        LongStream.rangeClosed(1, 99).mapToObj(h -> chain.heightTruth(h).proposer()).toList());
    // The genesis set after its first increment: bar 300, baz 330, foo 1000 - 1630.
    assertThat(priorities(chain, 1)).isEqualTo(Map.of("foo", -630L, "bar", 300L, "baz", 330L));
  }

  /** The proposer priorities of a height's set, as {@code /validators} shows them, by name. */
  private static Map<String, Long> priorities(SimulatedChain chain, long height) {
    return chain.read(state -> {
      ValidatorSetSnapshot set = state.set(height);
      Map<String, Long> byName = new HashMap<>();
      for (int i = 0; i < set.members.size(); i++) {
        byName.put(set.members.get(i).validator().name, set.priorities[i]);
      }
      return byName;
    });
  }

  @Test
  void aSetChangeRescalesAndCentresThePrioritiesAsCometBftDoes() {
    // alice 100, bob 10, carol 5. Heights 1..6: (-15, 10, 5), (-30, 20, 10), (-45, 30, 15), (-60, 40, 20),
    // (40, -65, 25), (25, -55, 30). alice unbonds in block 5 and leaves the set of 7: bob -55 and carol 30 spread
    // 85 > 2 x 15, so both are divided by ceil(85 / 30) = 3 toward zero (-18, 10), centred on floor(-8 / 2) = -4
    // (-14, 14), then incremented: (-4, 19), carol proposes and pays 15: (-4, 4).
    SimulatedChain chain = SimulatedChain.builder()
        .validator("alice", 100_000_000)
        .validator("bob", 10_000_000)
        .validator("carol", 5_000_000)
        .leave("alice", 5)
        .build();
    chain.produceBlocks(7);

    assertThat(priorities(chain, 6)).isEqualTo(Map.of("alice", 25L, "bob", -55L, "carol", 30L));
    assertThat(priorities(chain, 7)).isEqualTo(Map.of("bob", -4L, "carol", 4L));
    assertThat(chain.heightTruth(7).proposer()).isEqualTo("carol");
  }

  @Test
  void anOfflineRoundZeroProposerHandsTheHeightToRoundOnesProposer() throws IOException {
    // foo is round 0's proposer of heights 1 and 3 (see the sequence above).
    SimulatedChain chain = fooBarBaz().offline("foo", 3, 3).build();
    chain.produceBlocks(5);

    HeightTruth three = chain.heightTruth(3);
    assertThat(three.round()).isEqualTo(1);
    assertThat(three.roundZeroProposer()).isEqualTo("foo");
    // Height 3's set is bar 900, baz -640, foo -260; round 1 adds the powers (1200, -310, 740): bar.
    assertThat(three.proposer()).isEqualTo("bar");
    assertThat(three.precommits()).filteredOn(p -> p.name().equals("foo"))
        .singleElement().extracting(HeightTruth.Precommit::flag).isEqualTo(BlockIdFlag.ABSENT);
    assertThat(chain.heightTruth(2).round()).isZero();
    assertThat(chain.heightTruth(4).round()).isZero();

    ValidatorTruth foo = chain.truth().validator("foo");
    assertThat(foo.missedProposals()).isEqualTo(1);
    assertThat(chain.truth().validators().values().stream().mapToLong(ValidatorTruth::proposed).sum()).isEqualTo(5);

    try (SimnetServer server = SimnetServer.start(chain)) {
      OkHttpClient client = new OkHttpClient();
      String proposerHex = chain.truth().validator(three.proposer()).consensusAddressHex();
      assertThat(get(client, server, "/block?height=3").at("/result/block/header/proposer_address").asText())
          .isEqualTo(proposerHex);
      JsonNode lastCommit = get(client, server, "/block?height=4").at("/result/block/last_commit");
      assertThat(lastCommit.get("height").asText()).isEqualTo("3");
      assertThat(lastCommit.get("round").isInt()).as("round is a JSON number").isTrue();
      assertThat(lastCommit.get("round").asInt()).isEqualTo(1);
      assertThat(get(client, server, "/commit?height=3").at("/result/signed_header/commit/round").asInt()).isEqualTo(1);
      assertThat(get(client, server, "/commit?height=2").at("/result/signed_header/commit/round").asInt()).isZero();
      assertThat(get(client, server, "/block?height=3").at("/result/block/last_commit/round").asInt()).isZero();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  void roundsAdvanceUntilAnOnlineProposer() {
    // Height 1's set is bar 300, baz 330, foo -630 with foo in round 0; the rounds after go to baz (600, 660,
    // 370), foo (900, -640, 1370), then bar (1200, -310, 740). With foo and baz offline, round 3 commits.
    SimulatedChain chain = fooBarBaz().offline("foo", 1, 1).offline("baz", 1, 1).build();
    chain.produceBlocks(2);
    HeightTruth one = chain.heightTruth(1);
    assertThat(one.round()).isEqualTo(3);
    assertThat(one.proposer()).isEqualTo("bar");
    assertThat(one.roundZeroProposer()).isEqualTo("foo");
    // Only round 0's proposer is counted as having missed its proposal.
    assertThat(chain.truth().validator("foo").missedProposals()).isEqualTo(1);
    assertThat(chain.truth().validator("baz").missedProposals()).isZero();
    assertThat(chain.truth().validator("bar").proposed()).isEqualTo(1);
  }

  @Test
  void theRoundsAHeightTookDoNotMoveLaterProposers() {
    SimulatedChain calm = fooBarBaz().build();
    SimulatedChain rough = fooBarBaz().offline("foo", 1, 30).offline("baz", 40, 45).build();
    calm.produceBlocks(60);
    rough.produceBlocks(60);

    assertThat(roundZeroProposers(rough, 1, 60)).isEqualTo(roundZeroProposers(calm, 1, 60));
    long skipped = LongStream.rangeClosed(1, 60).filter(h -> rough.heightTruth(h).round() > 0).count();
    assertThat(skipped).isEqualTo(rough.truth().validator("foo").missedProposals()
        + rough.truth().validator("baz").missedProposals()).isPositive();
    assertThat(LongStream.rangeClosed(1, 30).mapToObj(h -> rough.heightTruth(h).proposer())).doesNotContain("foo");
  }

  @Test
  void windowSoloMissesAndMissedProposalsAreReadFromTheHeights() {
    // eve is offline from 1 and jailed in block 11, so she is in the sets of 1..12 only; dave's nil votes at
    // 3 and 4 count as signed. In a second chain bob is offline at 5 alone and at 6 with eve (then 10 of the
    // others' 110 is absent).
    SimulatedChain chain = TestChains.fiveValidators();
    SimulatedChain withBob = SimulatedChain.builder()
        .signedBlocksWindow(10)
        .minSignedPerWindow("0.5")
        .validator("alice", 50_000_000)
        .validator("bob", 40_000_000)
        .validator("carol", 30_000_000)
        .validator("dave", 20_000_000)
        .validator("eve", 10_000_000)
        .offline("eve", 6, 6)
        .offline("bob", 5, 6)
        .build();
    withBob.produceBlocks(15);

    assertThat(chain.window("eve", 15, 10)).isEqualTo(new WindowTruth(7, 7));
    assertThat(chain.window("eve", 15, 10).uptime()).isZero();
    assertThat(chain.window("alice", 15, 10)).isEqualTo(new WindowTruth(10, 0));
    assertThat(chain.window("alice", 3, 10)).isEqualTo(new WindowTruth(3, 0));
    assertThat(chain.window("eve", 15, 2).uptime()).isNaN();
    assertThat(chain.soloMisses("eve", 1, 15, 1.0)).isEqualTo(12);
    assertThat(withBob.soloMisses("bob", 1, 15, 0.9)).as("at 6, 100 of 110 signed").isEqualTo(2);
    assertThat(withBob.soloMisses("bob", 1, 15, 0.95)).isEqualTo(1);
    long laterRounds = LongStream.rangeClosed(1, 15).filter(h -> withBob.heightTruth(h).round() > 0).count();
    assertThat(withBob.missedProposals("bob", 1, 15) + withBob.missedProposals("eve", 1, 15)).isEqualTo(laterRounds);
    assertThat(withBob.missedProposals("alice", 1, 15)).isZero();
  }

  @Test
  void withEveryMemberOfflineTheSimulatorStaysInRoundZero() {
    SimulatedChain chain = fooBarBaz().offline("foo", 2, 2).offline("bar", 2, 2).offline("baz", 2, 2).build();
    chain.produceBlocks(3);
    assertThat(chain.heightTruth(2).round()).isZero();
    assertThat(chain.heightTruth(2).proposer()).isEqualTo(chain.heightTruth(2).roundZeroProposer());
  }

  private static JsonNode get(OkHttpClient client, SimnetServer server, String pathAndQuery) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(server.url() + pathAndQuery).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return MAPPER.readTree(response.body().string());
    }
  }
}
