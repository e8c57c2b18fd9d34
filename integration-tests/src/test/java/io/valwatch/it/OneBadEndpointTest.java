package io.valwatch.it;

import static io.valwatch.it.Watching.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
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
 * The preferred endpoint lies: on its chain the validator is offline, on the second endpoint's (same chain id,
 * same validators) it signs every block. The lying endpoint's data brings the validator to the critical line,
 * but the second endpoint's commit shows its signature, so nobody is paged.
 */
class OneBadEndpointTest {
  private static SimulatedChain chain(boolean doradoOffline) {
    SimulatedChain.Builder b =
        SimulatedChain.builder()
            .chainId("lying-1")
            .validator("alpha", 30_000_000)
            .validator("bravo", 20_000_000)
            .validator("dorado", 10_000_000);
    if (doradoOffline) {
      b.offline("dorado", 20, 400);
    }
    return b.build();
  }

  @Test
  void aCriticalAlertIsNotSentWhenTheSecondEndpointDisagrees() throws Exception {
    SimulatedChain lying = chain(true);
    SimulatedChain honest = chain(false);
    String dorado = lying.truth().validator("dorado").operatorAddress();
    ManualClock clock = new ManualClock(Instant.parse("2024-06-01T00:00:00Z"));
    List<AlertNotification> sent = new CopyOnWriteArrayList<>();
    try (SimnetServer bad = SimnetServer.start(lying);
        SimnetServer good = SimnetServer.start(honest);
        Watcher watcher =
            Watcher.builder()
                .chain(
                    ChainSpec.builder("lying-1")
                        .plugin("cosmos-sdk")
                        .rpcEndpoint(bad.url())
                        .rpcEndpoint(good.url())
                        .startHeight(1)
                        .websocket(false)
                        .pollInterval(Duration.ofSeconds(1))
                        .stakingRefreshInterval(Duration.ofSeconds(1))
                        .endpointCheckInterval(Duration.ofSeconds(1))
                        .risk(RiskSettings.builder().criticalTime(Duration.ZERO).build())
                        .track(dorado, "dorado")
                        .build())
                .listener(new WatcherListener() {
                  @Override
                  public void onAlert(AlertNotification n) {
                    sent.add(n);
                  }
                })
                .clock(clock)
                .build()) {
      lying.produceBlocks(2);
      honest.produceBlocks(2);
      watcher.start();
      boolean sawCriticalLevel = false;
      while (lying.latestHeight() < 90) {
        lying.produceBlocks(5);
        honest.produceBlocks(5);
        clock.advance(Duration.ofMinutes(1));
        long target = lying.latestHeight() - 1;
        var status = await(watcher, "lying-1", s -> s.latestHeight().orElse(-1) >= target, "height " + target);
        sawCriticalLevel |= Watching.validator(status, dorado).risk().level() == RiskLevel.CRITICAL;
      }
      assertThat(sawCriticalLevel).as("the lying endpoint's data put dorado at the critical line").isTrue();
      assertThat(sent)
          .filteredOn(n -> n.alert().key().kind().equals(AlertKinds.JAIL_IMMINENT))
          .extracting(n -> n.reason() + " " + n.alert().severity())
          .containsExactly("FIRING WARNING");
      assertThat(sent).noneMatch(n -> n.alert().severity() == Severity.CRITICAL
          && n.alert().key().subject().equals(dorado));
    }
  }
}
