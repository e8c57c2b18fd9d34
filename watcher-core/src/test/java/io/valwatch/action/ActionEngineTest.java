package io.valwatch.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionEngineTest {
  @TempDir Path dir;

  private static AlertNotification firing(Instant since) {
    Alert a = new Alert(
        new AlertKey("cosmoshub-4", "cosmosvaloper1abc", "jailed"), Severity.CRITICAL, Alert.State.FIRING,
        "Alpha is jailed", "…", since, Map.of());
    return new AlertNotification(a, AlertNotification.Reason.FIRING, since);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void runsOffTheChainsThreadAndPicksUpARearmFile() throws Exception {
    ActionRunnerTest.RecordingEffect effect = new ActionRunnerTest.RecordingEffect();
    List<ActionAttempt> heard = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    Effect onItsThread = new Effect() {
      @Override public EffectResult run(String action, Occurrence o) {
        threads.add(Thread.currentThread().getName());
        return effect.run(action, o);
      }
      @Override public String describe() { return effect.describe(); }
    };
    ActionStore store = ActionStore.inDirectory(dir);
    try (ActionEngine engine = ActionEngine.builder()
        .action(Action.builder("fence").cooldown(Duration.ZERO)
            .trigger(AlertTrigger.builder().kinds("jailed").build()).effect(onItsThread).build())
        .store(store)
        .listener(heard::add)
        .build()) {
      engine.start(o -> Confirmation.SINGLE_ENDPOINT);

      Instant first = Instant.parse("2026-05-01T02:58:00Z");
      engine.onAlert(firing(first));
      await(() -> heard.size() == 1);
      engine.onAlert(firing(first.plusSeconds(600)));
      await(() -> heard.size() == 2);
      assertThat(heard).extracting(ActionAttempt::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.DISARMED);
      assertThat(threads).containsExactly("valwatch-action-fence");

      store.requestRearm("fence");
      await(() -> engine.status("fence").orElseThrow().state().armed());
      engine.onAlert(firing(first.plusSeconds(1200)));
      await(() -> heard.size() == 3);
      assertThat(heard.get(2).outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(effect.runs).hasSize(2);
      assertThat(engine.status()).singleElement().satisfies(s -> {
        assertThat(s.attempts()).containsEntry(Outcome.SUCCEEDED, 2L).containsEntry(Outcome.DISARMED, 1L);
        assertThat(s.trigger()).isEqualTo("jailed at critical or above");
      });
    }
  }
}
