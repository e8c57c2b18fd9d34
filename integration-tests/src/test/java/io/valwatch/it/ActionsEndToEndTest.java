package io.valwatch.it;

import static io.valwatch.it.Watching.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.action.Action;
import io.valwatch.action.ActionAttempt;
import io.valwatch.action.ActionEngine;
import io.valwatch.action.ActionStore;
import io.valwatch.action.AlertTrigger;
import io.valwatch.action.Confirmation;
import io.valwatch.action.Effect;
import io.valwatch.action.EffectResult;
import io.valwatch.action.Occurrence;
import io.valwatch.action.Outcome;
import io.valwatch.alert.Severity;
import io.valwatch.model.ChainSpec;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskSettings;
import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions against the simulated chain: the second endpoint's answer matches what the simulator did, and an
 * action on a validator that goes offline runs exactly once, confirmed, and not again after a restart.
 */
class ActionsEndToEndTest {
  private static final Duration STEP = Duration.ofMinutes(1);

  @TempDir Path dir;

  private static SimulatedChain chain() {
    // Window 100, at most 50 misses: critical at 5 left, that is 45 misses in a row from height 20.
    return SimulatedChain.builder()
        .chainId("actions-1")
        .validator("alpha", 30_000_000)
        .validator("bravo", 20_000_000)
        .validator("dorado", 10_000_000)
        .offline("dorado", 20, 400)
        .build();
  }

  private static ChainSpec.Builder spec(SimulatedChain chain, String... urls) {
    ChainSpec.Builder b = ChainSpec.builder(chain.chainId())
        .plugin("cosmos-sdk")
        .startHeight(1)
        .websocket(false)
        .pollInterval(Duration.ofSeconds(1))
        .stakingRefreshInterval(Duration.ofSeconds(1))
        .endpointCheckInterval(Duration.ofSeconds(1))
        .risk(RiskSettings.builder().criticalTime(Duration.ZERO).build());
    for (String url : urls) {
      b.rpcEndpoint(url);
    }
    return b;
  }

  private static Occurrence about(SimulatedChain chain, String validator, String kind) {
    return new Occurrence("e", chain.chainId(), chain.truth().validator(validator).operatorAddress(), kind,
        Severity.CRITICAL, "s", "d", Instant.EPOCH, Map.of());
  }

  @Test
  void theSecondEndpointsAnswerIsWhatTheSimulatorDid() throws Exception {
    SimulatedChain chain = chain();
    chain.produceBlocks(40);
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    try (SimnetServer a = SimnetServer.start(chain);
        SimnetServer b = SimnetServer.start(chain);
        Watcher two = Watcher.builder().chain(spec(chain, a.url(), b.url())
            .track(chain.truth().validator("dorado").operatorAddress())
            .track(chain.truth().validator("alpha").operatorAddress()).build()).build()) {
      two.start();
      await(two, chain.chainId(), s -> s.latestHeight().orElse(-1) >= 39
          && s.validators().stream().allMatch(v -> v.consensusAddressHex().isPresent()), "height 39, identities resolved");

      // dorado is offline from height 20 on, alpha never is.
      assertThat(two.confirm(about(chain, "dorado", AlertKinds.JAIL_IMMINENT))).isEqualTo(Confirmation.CONFIRMED);
      assertThat(two.confirm(about(chain, "dorado", AlertKinds.CONSECUTIVE_MISSES))).isEqualTo(Confirmation.CONFIRMED);
      assertThat(two.confirm(about(chain, "alpha", AlertKinds.JAIL_IMMINENT))).isEqualTo(Confirmation.CONTRADICTED);
      assertThat(two.confirm(about(chain, "dorado", AlertKinds.JAILED))).as("jailed from 101 only")
          .isEqualTo(Confirmation.CONTRADICTED);
      assertThat(two.confirm(about(chain, "dorado", AlertKinds.SEAT_PRICE_MARGIN))).isEqualTo(Confirmation.UNCHECKABLE);
      assertThat(two.confirm(new Occurrence("e", "other-1", "x", AlertKinds.JAILED, Severity.CRITICAL, "s", "d",
          Instant.EPOCH, Map.of()))).isEqualTo(Confirmation.UNCHECKABLE);
    }
    try (SimnetServer a = SimnetServer.start(chain);
        Watcher one = Watcher.builder().chain(spec(chain, a.url())
            .track(chain.truth().validator("dorado").operatorAddress()).build()).build();
        Watcher spareDead = Watcher.builder().chain(spec(chain, a.url(), "http://127.0.0.1:" + deadPort)
            .track(chain.truth().validator("dorado").operatorAddress()).build()).build()) {
      one.start();
      spareDead.start();
      await(one, chain.chainId(), s -> s.latestHeight().orElse(-1) >= 39, "height 39");
      await(spareDead, chain.chainId(), s -> s.latestHeight().orElse(-1) >= 39
          && s.validators().get(0).consensusAddressHex().isPresent(), "height 39");
      assertThat(one.confirm(about(chain, "dorado", AlertKinds.JAIL_IMMINENT))).isEqualTo(Confirmation.SINGLE_ENDPOINT);
      assertThat(spareDead.confirm(about(chain, "dorado", AlertKinds.JAIL_IMMINENT))).isEqualTo(Confirmation.UNANSWERED);
    }
  }

  /** Records its runs. */
  private static final class Recording implements Effect {
    final List<String> runs = new CopyOnWriteArrayList<>();

    @Override
    public EffectResult run(String action, Occurrence occurrence) {
      runs.add(occurrence.subject() + " " + occurrence.kind() + " " + occurrence.severity());
      return EffectResult.succeeded("recorded");
    }

    @Override
    public String describe() {
      return "record";
    }
  }

  @Test
  void anActionRunsOnceConfirmedForTheOfflineValidatorAndNotAgainAfterARestart() throws Exception {
    SimulatedChain chain = chain();
    chain.produceBlocks(2);
    String dorado = chain.truth().validator("dorado").operatorAddress();
    ManualClock clock = new ManualClock(Instant.parse("2024-06-01T00:00:00Z"));
    Recording effect = new Recording();
    List<ActionAttempt> attempts = new CopyOnWriteArrayList<>();
    Action fence = Action.builder("fence")
        .trigger(AlertTrigger.builder().kinds(AlertKinds.JAIL_IMMINENT, AlertKinds.JAILED).minSeverity(Severity.CRITICAL)
            .validators(dorado).build())
        .effect(effect)
        .build();

    try (SimnetServer a = SimnetServer.start(chain); SimnetServer b = SimnetServer.start(chain)) {
      ChainSpec spec = spec(chain, a.url(), b.url()).track(dorado).build();
      try (ActionEngine engine = ActionEngine.builder().action(fence).store(ActionStore.inDirectory(dir))
              .clock(clock).listener(attempts::add).build();
          Watcher watcher = startBoth(engine, spec, clock)) {
        advanceTo(chain, watcher, clock, 80);
        Watching.awaitTrue(() -> !attempts.isEmpty(), "the action's attempt");
      }
      assertThat(effect.runs).containsExactly(dorado + " jail_imminent CRITICAL");
      assertThat(attempts).extracting(ActionAttempt::outcome).containsExactly(Outcome.SUCCEEDED);

      // After a restart the alert is still firing (not sent again), and then dorado is jailed at 101: a new
      // episode, which the disarmed action does not run for.
      attempts.clear();
      try (ActionEngine engine = ActionEngine.builder().action(fence).store(ActionStore.inDirectory(dir))
              .clock(clock).listener(attempts::add).build();
          Watcher watcher = startBoth(engine, spec, clock)) {
        advanceTo(chain, watcher, clock, 125);
        Watching.awaitTrue(() -> !attempts.isEmpty(), "the jailed episode's attempt");
        assertThat(engine.status("fence").orElseThrow().state().armed()).isFalse();
      }
      assertThat(effect.runs).hasSize(1);
      assertThat(attempts).singleElement().satisfies(at -> {
        assertThat(at.outcome()).isEqualTo(Outcome.DISARMED);
        assertThat(at.occurrence().kind()).isEqualTo(AlertKinds.JAILED);
      });
    }
  }

  /** A watcher of {@code spec} that reports to {@code engine}, both started, the engine first. */
  private Watcher startBoth(ActionEngine engine, ChainSpec spec, ManualClock clock) {
    Watcher watcher = Watcher.builder().chain(spec).listener(engine).stateDirectory(dir).clock(clock).build();
    engine.start(watcher::confirm);
    watcher.start();
    return watcher;
  }

  private static void advanceTo(SimulatedChain chain, Watcher watcher, ManualClock clock, long height) {
    while (chain.latestHeight() < height) {
      chain.produceBlocks(5);
      clock.advance(STEP);
      long target = chain.latestHeight() - 1;
      await(watcher, chain.chainId(), s -> s.latestHeight().orElse(-1) >= target, "height " + target);
    }
  }
}
