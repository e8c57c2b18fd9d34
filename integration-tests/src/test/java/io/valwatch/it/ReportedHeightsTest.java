package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A height an endpoint reports is believed only when corroborated: one far-ahead answer never moves the
 * cursor, and every height is still processed once, exactly as the simulator counted.
 */
class ReportedHeightsTest {
  private static final long FAR = 1_000_000;

  private static ChainHistory history(String chainId) {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId(chainId)
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .offline("bob", 10, 25)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(40);
    return history;
  }

  /** Processes up to {@code height}, produces 10 more blocks, and checks every count against the truth. */
  private static void assertExactThrough(Watcher watcher, ChainHistory history) {
    String chainId = history.chain().chainId();
    String bob = history.chain().truth().validator("bob").operatorAddress();
    awaitProcessed(watcher, chainId, 39);
    history.produce(10);
    ChainStatus status = awaitProcessed(watcher, chainId, 49);
    assertThat(status.latestHeight()).hasValue(49);
    assertThat(status.gapBlocks()).as("heights declared a gap").isZero();
    assertThat(status.blocksProcessed()).isEqualTo(49);
    assertCounts("bob", validator(status, bob).signing(), history.expected("bob", 1, 49));
  }

  private static ChainSpec.Builder spec(ChainHistory history, String... urls) {
    ChainSpec.Builder spec =
        ChainSpec.builder(history.chain().chainId())
            .startHeight(1)
            .websocket(false)
            .pollInterval(Duration.ofMillis(50))
            .stakingRefreshInterval(Duration.ofHours(1))
            .endpointCheckInterval(Duration.ofMillis(200))
            .track(history.chain().truth().validator("bob").operatorAddress());
    for (String url : urls) {
      spec.rpcEndpoint(url);
    }
    return spec;
  }

  @Test
  void anEndpointReportingAFarAheadHeightInStatusIsNotBelievedBesideAHealthyOne() throws Exception {
    ChainHistory history = history("heights-status-1");
    try (SimnetServer server = SimnetServer.start(history.chain());
        FaultProxy liar = FaultProxy.start(server)) {
      liar.add(FaultRule.on("status").fault(Fault.statusHeight(h -> h + FAR)).build());
      try (Watcher watcher = Watcher.builder().chain(spec(history, liar.url(), server.url()).build()).build()) {
        watcher.start();
        assertExactThrough(watcher, history);
      }
    }
  }

  @Test
  void aSingleFarAheadStatusAnswerOfTheOnlyEndpointIsNotBelieved() throws Exception {
    assertExactBehindOneFault(
        history("heights-status-2"),
        FaultRule.on("status").after(5).times(1).fault(Fault.statusHeight(h -> h + FAR)).build(),
        ChainSpec.DEFAULT_MAX_IN_FLIGHT);
  }

  @Test
  void aPrunedAnswerNamingALowestHeightBeyondTheChainIsNotBelieved() throws Exception {
    // One request at a time, so that the pruned answer reaches the runner rather than a request sent ahead.
    assertExactBehindOneFault(
        history("heights-pruned-1"),
        FaultRule.on("block").after(5).times(1).fault(Fault.blockNotAvailable(9_000_000_000L)).build(),
        1);
  }

  /** The only endpoint answers once with {@code fault}; every height is still processed once, exactly. */
  private static void assertExactBehindOneFault(ChainHistory history, FaultRule fault, int maxInFlight)
      throws Exception {
    try (SimnetServer server = SimnetServer.start(history.chain());
        FaultProxy proxy = FaultProxy.start(server)) {
      proxy.add(fault);
      ChainSpec spec = spec(history, proxy.url()).maxInFlight(maxInFlight).build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        Watching.awaitTrue(() -> fault.hits() > 0, "the fault " + fault);
        assertExactThrough(watcher, history);
      }
    }
  }

  @Test
  void aPushedBlockWithAFarAheadHeightIsNotBelieved() throws Exception {
    ChainHistory history = history("heights-push-1");
    try (SimnetServer server = SimnetServer.start(history.chain());
        FaultProxy proxy = FaultProxy.start(server)) {
      proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).times(1).fault(Fault.newBlockHeight(h -> h + FAR)).build());
      ChainSpec spec = spec(history, proxy.url()).websocket(true).endpointCheckInterval(Duration.ofHours(1)).build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        String chainId = history.chain().chainId();
        awaitProcessed(watcher, chainId, 39);
        Watching.awaitTrue(() -> server.requestCount("websocket") > 0, "a websocket subscription");
        Thread.sleep(200);
        history.produce(10);
        ChainStatus status = awaitProcessed(watcher, chainId, 49);
        assertThat(status.latestHeight()).hasValue(49);
        assertThat(status.gapBlocks()).isZero();
        assertThat(status.blocksProcessed()).isEqualTo(49);
      }
    }
  }

  @Test
  void aCursorFarAheadOfTheChainIsReportedAndProcessingResumesAtTheNewestHeight(@TempDir Path state)
      throws Exception {
    ChainHistory history = history("heights-cursor-1");
    String chainId = history.chain().chainId();
    // The state of an older version: the height alone, left by a run that believed a far-ahead height.
    Files.writeString(state.resolve(chainId + ".height"), Long.toString(FAR + 40), StandardCharsets.UTF_8);
    try (SimnetServer server = SimnetServer.start(history.chain())) {
      ChainSpec spec = specFor(server).backfillLimit(1_000).build();
      try (Watcher watcher = Watcher.builder().chain(spec).stateDirectory(state).build()) {
        watcher.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (watcher.status(chainId).orElseThrow().latestHeight().isEmpty() && System.nanoTime() < deadline) {
          history.produce(1);
          Thread.sleep(100);
        }
        ChainStatus resumed = watcher.status(chainId).orElseThrow();
        assertThat(resumed.latestHeight()).as("processing resumed").isPresent();
        assertThat(resumed.latestHeight().getAsLong()).isLessThan(history.latestHeight());
        history.produce(3);
        ChainStatus status = awaitProcessed(watcher, chainId, history.latestHeight() - 1);
        assertThat(status.latestHeight()).hasValue(history.latestHeight() - 1);
        assertThat(status.gapBlocks()).isZero();
      }
    }
  }

  @Test
  void aCursorALittleAheadOfTheChainIsReportedUntilTheChainReachesIt(@TempDir Path state) throws Exception {
    ChainHistory history = history("heights-cursor-2");
    String chainId = history.chain().chainId();
    Files.writeString(state.resolve(chainId + ".height"), "45", StandardCharsets.UTF_8);
    try (SimnetServer server = SimnetServer.start(history.chain())) {
      try (Watcher watcher = Watcher.builder().chain(specFor(server).build()).stateDirectory(state).build()) {
        watcher.start();
        ChainStatus waiting =
            Watching.await(watcher, chainId, s -> !s.health().progressing(), "the cursor reported ahead");
        assertThat(waiting.health().problem()).contains("the cursor (height 45) is ahead of the newest confirmed height 39");
        assertThat(waiting.latestHeight()).isEmpty();
        history.produce(10);
        ChainStatus status = awaitProcessed(watcher, chainId, 49);
        assertThat(status.health().progressing()).isTrue();
        assertThat(status.blocksProcessed()).as("heights 46 to 49, after the cursor").isEqualTo(4);
      }
    }
  }
}
