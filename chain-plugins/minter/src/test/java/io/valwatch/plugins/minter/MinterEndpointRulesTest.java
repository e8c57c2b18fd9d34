package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.simnet.minter.MinterValidatorTruth;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.HeightPrunedException;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.Vote;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules the Minter block source keeps with several endpoints, against the simulated Minter chain (and the
 * fault proxy in front of it): heights believed only when a block is served, back-off with {@code Retry-After},
 * endpoints on another network or lagging behind kept out of the requests they cannot answer.
 */
class MinterEndpointRulesTest {
  private static final long FAR_AHEAD = 1_000_000;

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static MinterChain chain(String network) {
    return MinterChain.builder()
        .network(network)
        .candidate("alice", 3_000)
        .candidate("bob", 2_000)
        .candidate("carol", 1_000)
        .offline("bob", 10, 14)
        .build();
  }

  private MinterApiServer serve(MinterChain chain) throws IOException {
    MinterApiServer server = MinterApiServer.start(chain);
    open.add(server);
    return server;
  }

  /** A fault proxy in front of {@code server}, with {@code rule}; its API URL ends in {@code /v2}. */
  private FaultProxy proxy(MinterApiServer server, FaultRule rule) throws IOException {
    FaultProxy proxy = FaultProxy.builder(server.url()).rule(rule).start();
    open.add(proxy);
    return proxy;
  }

  private static String api(FaultProxy proxy) {
    return proxy.url() + "/v2";
  }

  private static FaultRule statusFarAhead() {
    return FaultRule.on("v2/status")
        .fault(Fault.rewrite("/latest_block_height", h -> Long.toString(Long.parseLong(h) + FAR_AHEAD)))
        .build();
  }

  private BlockSource open(ChainContext context) {
    BlockSource source = new MinterPlugin().openBlockSource(context).orElseThrow();
    open.add(source);
    return source;
  }

  /**
   * Processes heights 1 to {@code last} as the core does, moving the clock by {@code step} before each, and
   * returns signed, missed and proposed by address.
   */
  private Map<String, long[]> process(BlockSource source, long last, Duration step) throws IOException {
    Map<String, long[]> seen = new HashMap<>();
    for (long h = 1; h <= last; h++) {
      clock.advance(step);
      assertThat(source.latestHeight()).as("newest height before %d", h).isGreaterThanOrEqualTo(last);
      HeightVotes votes = source.votes(h);
      seen.computeIfAbsent(votes.proposerAddress(), a -> new long[3])[2]++;
      for (Vote v : votes.votes()) {
        seen.computeIfAbsent(v.address(), a -> new long[3])[v.flag() == BlockIdFlag.COMMIT ? 0 : 1]++;
      }
    }
    return seen;
  }

  private static void assertMatchesTruth(Map<String, long[]> seen, MinterChain chain) {
    for (MinterValidatorTruth t : chain.truth().candidates().values()) {
      assertThat(seen.getOrDefault(t.consensusAddressHex(), new long[3])).as(t.name())
          .containsExactly(t.signed(), t.missed(), t.proposed());
    }
  }

  @Test
  void aBlockReportedFarAheadIsNotBelievedAndNoHeightIsSkipped() throws IOException {
    MinterChain chain = chain("minter-simnet-1");
    chain.produceUntil(40);
    MinterApiServer server = serve(chain);
    FaultProxy liar = proxy(server, statusFarAhead());
    BlockSource source = open(Contexts.of(chain.network(), clock, Map.of(), api(liar), server.url()));

    assertThat(source.latestHeight()).isEqualTo(39);
    assertMatchesTruth(process(source, 39, Duration.ZERO), chain);

    EndpointStatus lying = source.endpoints().get(0);
    assertThat(lying.height()).as("the refuted report is forgotten").isEmpty();
    assertThat(lying.lastError()).contains("reported block " + (40 + FAR_AHEAD) + ", which no endpoint serves");
    assertThat(source.endpoints().get(1).height()).hasValue(40);
  }

  @Test
  void aLyingEndpointAloneMovesNothingUntilItTellsTheTruth() throws IOException {
    MinterChain chain = chain("minter-simnet-1");
    chain.produceUntil(40);
    MinterApiServer server = serve(chain);
    FaultProxy liar = proxy(server, statusFarAhead());
    BlockSource source = open(Contexts.of(chain.network(), clock, Map.of(), api(liar)));

    assertThat(source.latestHeight()).isZero();
    clock.advance(Contexts.POLL);
    assertThat(source.latestHeight()).as("the same lie at the next poll").isZero();

    liar.heal();
    clock.advance(Contexts.POLL);
    assertThat(source.latestHeight()).isEqualTo(39);
  }

  @Test
  void anEndpointAnswering429IsLeftAloneForItsRetryAfterWhileTheOtherServes() throws IOException {
    MinterChain chain = chain("minter-simnet-1");
    chain.produceUntil(40);
    MinterApiServer server = serve(chain);
    FaultRule refusals = FaultRule.onEveryCall().fault(Fault.tooManyRequests(Duration.ofHours(1))).build();
    FaultProxy limited = proxy(server, refusals);
    BlockSource source = open(Contexts.inFlight(4, chain.network(), clock, api(limited), server.url()));

    // a status check of every endpoint not backing off, at every height
    Map<String, long[]> seen = process(source, 39, Contexts.POLL);

    assertMatchesTruth(seen, chain);
    assertThat(refusals.hits()).as("requests to the endpoint during its Retry-After of an hour").isEqualTo(1);
    EndpointStatus refusing = source.endpoints().get(0);
    assertThat(refusing.up()).isFalse();
    assertThat(refusing.lastError().orElseThrow()).contains("HTTP 429").endsWith("next request after 3600000 ms");
    assertThat(refusing.requests()).containsExactly(Map.entry(RequestOutcome.HTTP_ERROR, 1L));

    clock.advance(Duration.ofHours(1).minus(Contexts.POLL.multipliedBy(38)));
    source.latestHeight();
    assertThat(refusals.hits()).as("asked again once its hour has passed").isEqualTo(2);
  }

  @Test
  void anEndpointOnAnotherNetworkGetsNoRequestButItsStatusCheck() throws IOException {
    MinterChain chain = chain("minter-simnet-1");
    MinterChain other = MinterChain.builder()
        .network("minter-other-1")
        .candidate("alice", 3_000)
        .candidate("bob", 2_000)
        .candidate("carol", 1_000)
        .offline("carol", 1, 30)
        .build();
    chain.produceUntil(40);
    other.produceUntil(60);
    MinterApiServer server = serve(chain);
    MinterApiServer elsewhere = serve(other);
    ChainContext context = Contexts.inFlight(4, chain.network(), clock, elsewhere.url(), server.url());
    BlockSource source = open(context);

    assertThat(source.latestHeight()).isEqualTo(39);
    assertMatchesTruth(process(source, 39, Duration.ZERO), chain);
    assertThat(elsewhere.requestCount("block")).isZero();
    assertThat(elsewhere.requestCount("validators")).isZero();
    ChainData data = new MinterPlugin().open(context).fetch();

    assertThat(data.validators()).hasSize(3);
    assertThat(elsewhere.requestCount("candidates")).isZero();
    assertThat(elsewhere.requestCount("missed_blocks")).isZero();
    assertThat(source.endpoints().get(0).up()).isFalse();
    assertThat(source.endpoints().get(0).lastError()).contains("serves network 'minter-other-1', expected 'minter-simnet-1'");
  }

  @Test
  void blocksAreSentAheadOnlyToEndpointsThatReportThem() throws IOException {
    MinterChain leading = chain("minter-simnet-1");
    MinterChain lagging = chain("minter-simnet-1");
    leading.produceUntil(40);
    lagging.produceUntil(20);
    MinterApiServer leader = serve(leading);
    MinterApiServer laggard = serve(lagging);
    BlockSource source = open(Contexts.inFlight(8, leading.network(), clock, laggard.url(), leader.url()));

    assertThat(source.latestHeight()).isEqualTo(39);
    assertMatchesTruth(process(source, 39, Duration.ZERO), leading);

    Map<RequestOutcome, Long> lagged = source.endpoints().get(0).requests();
    assertThat(lagged.get(RequestOutcome.SUCCESS)).as("blocks up to 20 sent ahead to the lagging endpoint")
        .isGreaterThan(5);
    // One 404: the reported block 40, asked of the endpoint that answered first before the other confirmed it.
    assertThat(lagged).containsEntry(RequestOutcome.RPC_ERROR, 1L);
    assertThat(source.endpoints().get(0).up()).as("a 404 is an answer, not a failure").isTrue();
  }

  @Test
  void aPrunedBlockEndsTheGapAtTheLowestBlockAnyEndpointServes() throws IOException {
    MinterChain deeplyPruned = MinterChain.builder().earliestBlockHeight(40).candidate("alice", 1).build();
    MinterChain lessPruned = MinterChain.builder().earliestBlockHeight(20).candidate("alice", 1).build();
    deeplyPruned.produceUntil(100);
    lessPruned.produceUntil(100);
    MinterApiServer deep = serve(deeplyPruned);
    BlockSource source = open(Contexts.of(deeplyPruned.network(), clock, Map.of(), deep.url(), serve(lessPruned).url()));
    source.latestHeight();

    assertThatThrownBy(() -> source.votes(3))
        .isInstanceOfSatisfying(HeightPrunedException.class,
            e -> assertThat(e.lowestAvailableHeight()).isEqualTo(20));
    assertThat(source.votes(20).height()).isEqualTo(20);
  }
}
