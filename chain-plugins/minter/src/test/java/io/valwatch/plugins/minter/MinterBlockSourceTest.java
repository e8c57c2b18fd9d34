package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.simnet.minter.MinterTruth;
import io.valwatch.simnet.minter.MinterValidatorTruth;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.HeightPrunedException;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.Vote;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MinterBlockSourceTest {
  private static final Instant GENESIS = Instant.parse("2024-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final MinterChain chain = MinterChain.builder()
      .jailBlocks(30)
      .candidate("alice", 3_000)
      .candidate("bob", 2_000)
      .candidate("carol", 1_000)
      .offline("bob", 10, 100) // punished in block 23, out of the set from 25
      .offline("carol", 30, 31)
      .build();
  private MinterApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private BlockSource open(MinterChain c, String... urls) throws IOException {
    if (urls.length == 0) {
      server = MinterApiServer.start(c);
      urls = new String[] {server.url()};
    }
    return new MinterPlugin().openBlockSource(Contexts.of(c.network(), clock, Map.of(), urls)).orElseThrow();
  }

  @Test
  void votesOfEveryHeightAddUpToTheTruth() throws IOException {
    chain.produceUntil(40);
    BlockSource source = open(chain);

    assertThat(source.latestHeight()).isEqualTo(39);
    Map<String, long[]> seen = new HashMap<>();
    for (long h = 1; h <= 39; h++) {
      HeightVotes votes = source.votes(h);
      assertThat(votes.height()).isEqualTo(h);
      assertThat(votes.time()).isEqualTo(GENESIS.plusSeconds(5 * h));
      seen.computeIfAbsent(votes.proposerAddress(), a -> new long[3])[2]++;
      for (Vote v : votes.votes()) {
        seen.computeIfAbsent(v.address(), a -> new long[3])[v.flag() == BlockIdFlag.COMMIT ? 0 : 1]++;
      }
    }

    MinterTruth truth = chain.truth();
    for (MinterValidatorTruth t : truth.candidates().values()) {
      long[] counts = seen.getOrDefault(t.consensusAddressHex(), new long[3]);
      assertThat(counts).as(t.name()).containsExactly(t.signed(), t.missed(), t.proposed());
    }
    assertThat(truth.candidate("bob").missed()).isEqualTo(15);
  }

  @Test
  void aHeightsVotesCarryFlagsPowersAndTheProposer() throws IOException {
    chain.produceUntil(30);
    BlockSource source = open(chain);
    source.latestHeight();
    MinterTruth truth = chain.truth();
    String alice = truth.candidate("alice").consensusAddressHex();
    String bob = truth.candidate("bob").consensusAddressHex();
    String carol = truth.candidate("carol").consensusAddressHex();

    HeightVotes twelve = source.votes(12);
    HeightVotes late = source.votes(25);

    assertThat(twelve.votes()).containsExactly(
        new Vote(alice, 3_000, BlockIdFlag.COMMIT),
        new Vote(bob, 2_000, BlockIdFlag.ABSENT),
        new Vote(carol, 1_000, BlockIdFlag.COMMIT));
    assertThat(twelve.proposerAddress()).isIn(alice, carol);
    assertThat(late.votes()).extracting(Vote::address).containsExactly(alice, carol);
  }

  @Test
  void steadyStateCostsOneBlockRequestPerHeight() throws IOException {
    chain.produceUntil(61);
    BlockSource source = open(chain);

    for (long h = 1; h <= 60; h++) {
      source.latestHeight(); // the core asks on every round; the clock does not move, so /status is asked once
      source.votes(h);
    }

    assertThat(server.requestCount("block")).isEqualTo(61); // 60 heights + block 1 for the first proposer
    assertThat(server.requestCount("validators")).isEqualTo(2); // the first height, and bob leaving at 25
    assertThat(server.requestCount("status")).isEqualTo(1);
  }

  @Test
  void powersAreReReadAfterTheRefreshPeriod() throws IOException {
    MinterChain steady = MinterChain.builder().candidate("a", 2).candidate("b", 1).build();
    steady.produceUntil(2 * MinterBlockSource.POWER_REFRESH_BLOCKS + 2);
    BlockSource source = open(steady);
    source.latestHeight();

    for (long h = 1; h <= 2 * MinterBlockSource.POWER_REFRESH_BLOCKS + 1; h++) {
      source.votes(h);
    }

    assertThat(server.requestCount("validators")).isEqualTo(3); // heights 1, 121, 241
  }

  @Test
  void statusIsAskedAtMostOncePerPollInterval() throws IOException {
    chain.produceUntil(10);
    BlockSource source = open(chain);

    assertThat(source.latestHeight()).isEqualTo(9);
    chain.produceUntil(20);
    assertThat(source.latestHeight()).isEqualTo(9);
    clock.advance(Contexts.POLL.minusMillis(1));
    assertThat(source.latestHeight()).isEqualTo(9);
    clock.advance(Duration.ofMillis(1));
    assertThat(source.latestHeight()).isEqualTo(19);
    assertThat(server.requestCount("status")).isEqualTo(2);
  }

  @Test
  void aPrunedHeightIsUnavailableWithTheLowestServedOne() throws IOException {
    MinterChain pruned = MinterChain.builder().earliestBlockHeight(40).candidate("a", 1).build();
    pruned.produceUntil(100);
    BlockSource source = open(pruned);
    source.latestHeight();

    assertThatThrownBy(() -> source.votes(3))
        .isInstanceOfSatisfying(HeightPrunedException.class,
            e -> assertThat(e.lowestAvailableHeight()).isEqualTo(40))
        .hasMessageContaining("block 3");
    assertThat(source.votes(40).height()).isEqualTo(40);
  }

  @Test
  void aHeightWhoseNextBlockIsNotProducedIsNotYetAvailable() throws IOException {
    chain.produceUntil(10);
    BlockSource source = open(chain);
    source.latestHeight();

    assertThatThrownBy(() -> source.votes(10))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(HeightPrunedException.class)
        .hasMessageContaining("block 11 is not produced yet");
  }

  @Test
  void failsOverToTheNextEndpointAndReportsHealth() throws IOException {
    chain.produceUntil(10);
    MockWebServer dead = new MockWebServer();
    dead.start(InetAddress.getByName("127.0.0.1"), 0);
    String deadUrl = "http://127.0.0.1:" + dead.getPort() + "/v2";
    dead.close();
    server = MinterApiServer.start(chain);
    BlockSource source = open(chain, deadUrl, server.url());

    assertThat(source.latestHeight()).isEqualTo(9);
    assertThat(source.votes(5).votes()).hasSize(3);
    assertThat(source.votes(6).votes()).hasSize(3);

    List<EndpointStatus> health = source.endpoints();
    assertThat(health.get(0).up()).isFalse();
    assertThat(health.get(0).lastError().orElseThrow()).contains(deadUrl).contains("next request after 250 ms");
    // its status check failed, so it backs off and the blocks go to the other endpoint only
    assertThat(health.get(0).requests()).containsExactly(Map.entry(RequestOutcome.NETWORK_ERROR, 1L));
    assertThat(health.get(1).up()).isTrue();
    assertThat(health.get(1).height()).hasValue(10);
    // status, block 10 to confirm it, blocks 5 to 7, powers
    assertThat(health.get(1).requests().get(RequestOutcome.SUCCESS)).isEqualTo(1 + 1 + 3 + 1L);
  }

  @Test
  void anEndpointOnAnotherNetworkDoesNotCount() throws IOException {
    chain.produceUntil(10);
    server = MinterApiServer.start(chain);
    BlockSource source = new MinterPlugin()
        .openBlockSource(Contexts.of("minter-mainnet-9", clock, Map.of(), server.url()))
        .orElseThrow();

    assertThat(source.latestHeight()).isZero();
    assertThat(source.endpoints().get(0).up()).isFalse();
    assertThat(source.endpoints().get(0).lastError().orElseThrow()).contains("minter-simnet-1", "minter-mainnet-9");
  }

  @Test
  void credentialsInTheUrlStayOutOfHealthAndErrors() throws IOException {
    chain.produceUntil(5);
    server = MinterApiServer.start(chain);
    MockWebServer dead = new MockWebServer();
    dead.start(InetAddress.getByName("127.0.0.1"), 0);
    String deadUrl = "http://127.0.0.1:" + dead.getPort() + "/v2";
    dead.close();
    String key = "?apikey=s3cr3tvalue";
    BlockSource source = new MinterPlugin()
        .openBlockSource(Contexts.of(chain.network(), clock, Map.of(), deadUrl + key, server.url() + key))
        .orElseThrow();
    source.latestHeight();

    assertThat(source.votes(2).votes()).hasSize(3); // the key is sent along
    assertThatThrownBy(() -> source.votes(5)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    for (EndpointStatus endpoint : source.endpoints()) {
      assertThat(endpoint.endpoint()).doesNotContain("s3cr3t").contains("apikey=***");
    }
    assertThat(source.endpoints().get(0).lastError().orElseThrow()).contains("apikey=***").doesNotContain("s3cr3t");
  }
}
