package io.valwatch.it;

import static io.valwatch.it.Watching.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskSettings;
import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A validator that goes offline is warned about, then paged about, then jailed, and its jail-imminent alert
 * resolves: in that order and once each. Another one double-signs and is paged at once. The watcher's clock
 * is moved by hand, one minute per step, so every step polls, refreshes staking and evaluates alerts once.
 */
class AlertLifecycleEndToEndTest {
  private static final Duration STEP = Duration.ofMinutes(1);

  @Test
  void offlineValidatorIsWarnedPagedJailedAndResolvedOnceEach() throws Exception {
    // Window 100, at most 50 misses: warning at 25 left, critical at 5 left; genesis validators can be
    // jailed from height 101 on.
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("alerts-1")
            .validator("alpha", 30_000_000)
            .validator("bravo", 20_000_000)
            .validator("dorado", 10_000_000)
            .validator("echo", 5_000_000)
            .offline("dorado", 20, 400)
            .doubleSign("echo", 50)
            .build();
    chain.produceBlocks(2);
    String dorado = chain.truth().validator("dorado").operatorAddress();
    String echo = chain.truth().validator("echo").operatorAddress();

    ManualClock clock = new ManualClock(Instant.parse("2024-06-01T00:00:00Z"));
    List<AlertNotification> sent = new CopyOnWriteArrayList<>();
    WatcherListener recording =
        new WatcherListener() {
          @Override
          public void onAlert(AlertNotification n) {
            sent.add(n);
          }
        };

    try (SimnetServer server = SimnetServer.start(chain);
        Watcher watcher =
            Watcher.builder()
                .chain(
                    ChainSpec.builder(chain.chainId())
                        .plugin("cosmos-sdk")
                        .rpcEndpoint(server.url())
                        .startHeight(1)
                        .websocket(false)
                        .pollInterval(Duration.ofSeconds(1))
                        .stakingRefreshInterval(Duration.ofSeconds(1))
                        .endpointCheckInterval(Duration.ofSeconds(1))
                        // Fast blocks would make every warning critical by the time rule at once.
                        .risk(RiskSettings.builder().criticalTime(Duration.ZERO).build())
                        .track(dorado, "dorado")
                        .track(echo, "echo")
                        .build())
                .listener(recording)
                .clock(clock)
                .build()) {
      watcher.start();
      boolean sawWarningLevel = false;
      while (chain.latestHeight() < 130) {
        chain.produceBlocks(5);
        clock.advance(STEP);
        long target = chain.latestHeight() - 1;
        ChainStatus status = await(watcher, chain.chainId(), s -> s.latestHeight().orElse(-1) >= target,
            "height " + target);
        sawWarningLevel |= Watching.validator(status, dorado).risk().level() == RiskLevel.WARNING;
      }
      // Two more rounds without new heights for the resolve hold-down to pass.
      for (int i = 0; i < 2; i++) {
        clock.advance(STEP);
        int before = sent.size();
        long processed = watcher.status(chain.chainId()).orElseThrow().blocksProcessed();
        chain.produceBlocks(1);
        await(watcher, chain.chainId(), s -> s.blocksProcessed() > processed, "one more height");
        assertThat(sent.size()).isGreaterThanOrEqualTo(before);
      }

      assertThat(sawWarningLevel).as("dorado's risk level was WARNING at some step").isTrue();
      assertThat(sentFor(sent, dorado, AlertKinds.JAIL_IMMINENT))
          .containsExactly("FIRING WARNING", "FIRING CRITICAL", "RESOLVED CRITICAL");
      assertThat(sentFor(sent, dorado, AlertKinds.JAILED)).containsExactly("FIRING CRITICAL");
      int critical = indexOf(sent, dorado, AlertKinds.JAIL_IMMINENT, "FIRING CRITICAL");
      int jailed = indexOf(sent, dorado, AlertKinds.JAILED, "FIRING CRITICAL");
      int resolved = indexOf(sent, dorado, AlertKinds.JAIL_IMMINENT, "RESOLVED CRITICAL");
      assertThat(critical).isLessThan(jailed).isLessThan(resolved);

      assertThat(sentFor(sent, echo, AlertKinds.DOUBLE_SIGN)).containsExactly("FIRING CRITICAL");
      assertThat(sent.stream().filter(n -> n.alert().key().subject().equals(echo)
              && n.alert().key().kind().equals(AlertKinds.DOUBLE_SIGN)).findFirst().orElseThrow().alert().description())
          .contains("height 50");
      assertThat(sentFor(sent, echo, AlertKinds.TOMBSTONED)).containsExactly("FIRING CRITICAL");

      ChainStatus last = watcher.status(chain.chainId()).orElseThrow();
      assertThat(last.activeAlerts())
          .extracting(a -> a.key().subject() + " " + a.key().kind())
          .contains(dorado + " jailed", echo + " tombstoned")
          .doesNotContain(dorado + " jail_imminent");
      assertThat(last.activeAlerts()).allMatch(a -> a.state() == Alert.State.FIRING);
    }
  }

  private static List<String> sentFor(List<AlertNotification> sent, String subject, String kind) {
    return sent.stream()
        .filter(n -> n.alert().key().subject().equals(subject) && n.alert().key().kind().equals(kind))
        .map(n -> n.reason() + " " + n.alert().severity())
        .toList();
  }

  private static int indexOf(List<AlertNotification> sent, String subject, String kind, String what) {
    for (int i = 0; i < sent.size(); i++) {
      AlertNotification n = sent.get(i);
      if (n.alert().key().subject().equals(subject) && n.alert().key().kind().equals(kind)
          && (n.reason() + " " + n.alert().severity()).equals(what)) {
        return i;
      }
    }
    throw new AssertionError(kind + " " + what + " for " + subject + " was not sent: " + sent);
  }
}
