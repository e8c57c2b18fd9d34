package io.valwatch.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.Severity;
import io.valwatch.internal.risk.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionRunnerTest {
  private static final Instant T0 = Instant.parse("2026-05-01T03:00:00Z");

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(T0);
  private final List<ActionAttempt> heard = new ArrayList<>();
  private final RecordingEffect effect = new RecordingEffect();
  private Confirmation answer = Confirmation.CONFIRMED;

  static Occurrence occurrence(String episode) {
    return new Occurrence(
        episode, "cosmoshub-4", "cosmosvaloper1abc", "jail_imminent", Severity.CRITICAL,
        "Alpha is 3 misses from jail", "…", T0, Map.of("label", "main"));
  }

  /** An effect that records its runs and answers what the test says. */
  static final class RecordingEffect implements Effect {
    final List<String> runs = new ArrayList<>();
    EffectResult result = EffectResult.succeeded("exit 0");

    @Override
    public EffectResult run(String action, Occurrence occurrence) {
      runs.add(occurrence.episode());
      return result;
    }

    @Override
    public String describe() {
      return "record the run";
    }
  }

  private ActionRunner runner(ActionStore store, Action.Builder action) {
    return new ActionRunner(
        action.trigger(AlertTrigger.builder().build()).effect(effect).build(),
        store, store.load().getOrDefault("fence", ActionState.INITIAL), clock,
        () -> o -> answer, heard::add);
  }

  private ActionRunner runner(ActionStore store) {
    return runner(store, Action.builder("fence").cooldown(Duration.ofMinutes(10)));
  }

  private List<Outcome> outcomes() {
    return heard.stream().map(ActionAttempt::outcome).toList();
  }

  @Test
  void runsOncePerEpisodeAndThenStaysDisarmedUntilRearmed() {
    ActionStore store = ActionStore.inDirectory(dir);
    ActionRunner r = runner(store);

    r.began(occurrence("A"));
    r.began(occurrence("A"));
    assertThat(effect.runs).containsExactly("A");
    assertThat(outcomes()).containsExactly(Outcome.SUCCEEDED);
    assertThat(r.status().state().armed()).isFalse();

    clock.advance(Duration.ofHours(1));
    r.began(occurrence("B"));
    assertThat(effect.runs).containsExactly("A");
    assertThat(outcomes()).containsExactly(Outcome.SUCCEEDED, Outcome.DISARMED);

    r.rearm("test");
    r.began(occurrence("C"));
    assertThat(effect.runs).containsExactly("A", "C");
    assertThat(r.status().attempts()).containsEntry(Outcome.SUCCEEDED, 2L).containsEntry(Outcome.DISARMED, 1L);
  }

  @Test
  void aRestartNeitherRepeatsAnEpisodeNorRearms() {
    runner(ActionStore.inDirectory(dir)).began(occurrence("A"));

    ActionRunner afterRestart = runner(ActionStore.inDirectory(dir));
    afterRestart.began(occurrence("A"));
    afterRestart.began(occurrence("B"));

    assertThat(effect.runs).containsExactly("A");
    assertThat(outcomes()).containsExactly(Outcome.SUCCEEDED, Outcome.DISARMED);
    assertThat(afterRestart.status().state().disarmedAt()).contains(T0);
  }

  @Test
  void aRearmRequestFileSurvivesUntilTakenAndRearms() {
    runner(ActionStore.inDirectory(dir)).began(occurrence("A"));
    ActionStore.inDirectory(dir).requestRearm("fence");

    ActionStore store = ActionStore.inDirectory(dir);
    assertThat(store.rearmRequests()).containsExactly("fence");
    ActionRunner r = runner(store);
    assertThat(store.takeRearmRequests()).containsExactly("fence");
    assertThat(store.takeRearmRequests()).isEmpty();
    r.rearm("file");
    clock.advance(Duration.ofMinutes(11));
    r.began(occurrence("B"));

    assertThat(effect.runs).containsExactly("A", "B");
    assertThat(ActionStore.inDirectory(dir).load().get("fence").episodes()).containsExactly("A", "B");
  }

  @Test
  void theCooldownHoldsBackARearmedActionAndEndsOnTime() {
    ActionRunner r = runner(ActionStore.inMemory());
    r.began(occurrence("A"));
    r.rearm("test");

    clock.advance(Duration.ofMinutes(9));
    r.began(occurrence("B"));
    assertThat(r.status().cooldownUntil()).contains(T0.plus(Duration.ofMinutes(10)));
    clock.advance(Duration.ofMinutes(1));
    r.began(occurrence("C"));

    assertThat(effect.runs).containsExactly("A", "C");
    assertThat(outcomes()).containsExactly(Outcome.SUCCEEDED, Outcome.COOLDOWN, Outcome.SUCCEEDED);
    assertThat(heard.get(1).detail()).contains("cooldown until 2026-05-01T03:10:00Z");
  }

  @Test
  void aDryRunRunsNothingStaysArmedAndKeepsTheOtherInterlocks() {
    ActionRunner r = runner(ActionStore.inMemory(), Action.builder("fence").dryRun(true));

    r.began(occurrence("A"));
    r.began(occurrence("A"));
    clock.advance(Duration.ofMinutes(5));
    r.began(occurrence("B"));

    assertThat(effect.runs).isEmpty();
    assertThat(outcomes()).containsExactly(Outcome.DRY_RUN, Outcome.COOLDOWN);
    assertThat(heard.get(0).detail()).isEqualTo("dry run: would record the run");
    assertThat(r.status().state().armed()).isTrue();
  }

  @Test
  void aContradictionWaitsAndRunsOnceASecondEndpointConfirms() {
    ActionRunner r = runner(ActionStore.inMemory());
    answer = Confirmation.CONTRADICTED;

    r.began(occurrence("A"));
    r.retryAwaiting();
    r.began(occurrence("A"));
    assertThat(effect.runs).isEmpty();
    assertThat(outcomes()).containsExactly(Outcome.CONTRADICTED);
    assertThat(r.status().awaitingConfirmation()).containsExactly("A");

    answer = Confirmation.UNANSWERED;
    r.retryAwaiting();
    answer = Confirmation.CONFIRMED;
    r.retryAwaiting();

    assertThat(effect.runs).containsExactly("A");
    assertThat(outcomes()).containsExactly(Outcome.CONTRADICTED, Outcome.UNCONFIRMED, Outcome.SUCCEEDED);
    assertThat(r.status().awaitingConfirmation()).isEmpty();
  }

  @Test
  void anEpisodeThatEndsUnconfirmedNeverRuns() {
    ActionRunner r = runner(ActionStore.inMemory());
    answer = Confirmation.UNCHECKABLE;
    r.began(occurrence("A"));
    assertThat(heard.get(0).detail()).contains("cannot be confirmed");

    r.ended("A");
    answer = Confirmation.CONFIRMED;
    r.retryAwaiting();

    assertThat(effect.runs).isEmpty();
    assertThat(outcomes()).containsExactly(Outcome.UNCONFIRMED);
  }

  @Test
  void anEpisodeWaitingForConfirmationIsAskedAboutAgainAfterARestart() {
    answer = Confirmation.UNANSWERED;
    runner(ActionStore.inDirectory(dir)).began(occurrence("A"));

    ActionRunner afterRestart = runner(ActionStore.inDirectory(dir));
    assertThat(afterRestart.status().awaitingConfirmation()).containsExactly("A");
    afterRestart.retryAwaiting();
    assertThat(outcomes()).as("unconfirmed was reported before the restart").containsExactly(Outcome.UNCONFIRMED);
    answer = Confirmation.CONFIRMED;
    afterRestart.retryAwaiting();

    assertThat(effect.runs).containsExactly("A");
    assertThat(outcomes()).containsExactly(Outcome.UNCONFIRMED, Outcome.SUCCEEDED);
    assertThat(heard.get(1).occurrence()).isEqualTo(occurrence("A"));
    assertThat(ActionStore.inDirectory(dir).load().get("fence").awaiting()).isEmpty();
  }

  @Test
  void aRestoredEpisodeEndsWhenItsTriggerEndsIt() {
    answer = Confirmation.CONTRADICTED;
    runner(ActionStore.inDirectory(dir)).began(occurrence("A"));

    ActionRunner afterRestart = runner(ActionStore.inDirectory(dir));
    afterRestart.ended("A");
    answer = Confirmation.CONFIRMED;
    afterRestart.retryAwaiting();

    assertThat(effect.runs).isEmpty();
    assertThat(runner(ActionStore.inDirectory(dir)).status().awaitingConfirmation()).isEmpty();
  }

  @Test
  void aNewEpisodeOfTheSameConditionEndsOneWhoseEndWasNotSeen() {
    answer = Confirmation.CONTRADICTED;
    runner(ActionStore.inDirectory(dir)).began(occurrence("A"));
    Occurrence otherValidator = new Occurrence(
        "X", "cosmoshub-4", "cosmosvaloper1xyz", "jail_imminent", Severity.CRITICAL, "Beta", "…", T0, Map.of());

    ActionRunner afterRestart = runner(ActionStore.inDirectory(dir));
    afterRestart.began(otherValidator);
    afterRestart.began(occurrence("B"));
    assertThat(afterRestart.status().awaitingConfirmation()).containsExactly("X", "B");
    answer = Confirmation.CONFIRMED;
    afterRestart.retryAwaiting();

    assertThat(effect.runs).containsExactly("X");
    assertThat(outcomes()).containsExactly(
        Outcome.CONTRADICTED, Outcome.CONTRADICTED, Outcome.CONTRADICTED, Outcome.SUCCEEDED, Outcome.DISARMED);
  }

  @Test
  void aHeldBackEpisodeIsDecidedOnceWhenAnotherRunDisarmsTheAction() {
    ActionStore store = ActionStore.inDirectory(dir);
    ActionRunner r = runner(store);
    answer = Confirmation.UNANSWERED;
    r.began(occurrence("A"));
    r.began(new Occurrence(
        "X", "cosmoshub-4", "cosmosvaloper1xyz", "jail_imminent", Severity.CRITICAL, "Beta", "…", T0, Map.of()));

    answer = Confirmation.CONFIRMED;
    r.retryAwaiting();
    r.retryAwaiting();

    assertThat(effect.runs).containsExactly("A");
    assertThat(outcomes()).containsExactly(
        Outcome.UNCONFIRMED, Outcome.UNCONFIRMED, Outcome.SUCCEEDED, Outcome.DISARMED);
    assertThat(r.status().awaitingConfirmation()).isEmpty();
    assertThat(ActionStore.inDirectory(dir).load().get("fence").awaiting()).isEmpty();
  }

  @Test
  void aSingleEndpointsWordStands() {
    ActionRunner r = runner(ActionStore.inMemory());
    answer = Confirmation.SINGLE_ENDPOINT;
    r.began(occurrence("A"));
    assertThat(effect.runs).containsExactly("A");
  }

  @Test
  void nothingRunsWhenTheRunCannotBeRecordedFirst() {
    ActionStore failing = new ActionStore() {
      @Override public Map<String, ActionState> load() { return Map.of(); }
      @Override public void save(String action, ActionState state) {
        throw new UncheckedIOException("disk full", new IOException("disk full"));
      }
      @Override public void requestRearm(String action) {}
      @Override public Set<String> takeRearmRequests() { return Set.of(); }
      @Override public Set<String> rearmRequests() { return Set.of(); }
    };
    ActionRunner r = runner(failing);

    r.began(occurrence("A"));
    r.began(occurrence("A"));

    assertThat(effect.runs).isEmpty();
    assertThat(outcomes()).containsExactly(Outcome.STATE_NOT_SAVED);
    assertThat(r.status().state().armed()).isTrue();
  }

  @Test
  void theRunIsOnDiskBeforeTheEffectStarts() {
    ActionStore store = ActionStore.inDirectory(dir);
    List<ActionState> seenByEffect = new ArrayList<>();
    Effect peeking = new Effect() {
      @Override public EffectResult run(String action, Occurrence o) {
        seenByEffect.add(ActionStore.inDirectory(dir).load().get(action));
        return EffectResult.failed("exit 3");
      }
      @Override public String describe() { return "peek"; }
    };
    ActionRunner r = new ActionRunner(
        Action.builder("fence").trigger(AlertTrigger.builder().build()).effect(peeking).build(),
        store, ActionState.INITIAL, clock, () -> o -> answer, heard::add);

    r.began(occurrence("A"));

    assertThat(seenByEffect).singleElement().satisfies(s -> {
      assertThat(s.running()).isTrue();
      assertThat(s.armed()).isFalse();
      assertThat(s.decided("A")).isTrue();
    });
    ActionState after = ActionStore.inDirectory(dir).load().get("fence");
    assertThat(after.running()).isFalse();
    assertThat(after.lastAttempt()).hasValueSatisfying(a -> {
      assertThat(a.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(a.detail()).isEqualTo("exit 3");
    });
  }

  @Test
  void aFailedOrThrowingEffectDisarmsToo() {
    effect.result = EffectResult.timedOut("after 30s");
    ActionRunner r = runner(ActionStore.inMemory());
    r.began(occurrence("A"));
    assertThat(outcomes()).containsExactly(Outcome.TIMED_OUT);
    assertThat(r.status().state().armed()).isFalse();
  }

  @Test
  void theStatusAnswersWhileTheEffectRuns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Effect slow = new Effect() {
      @Override public EffectResult run(String action, Occurrence o) throws InterruptedException {
        started.countDown();
        release.await();
        return EffectResult.succeeded("exit 0");
      }
      @Override public String describe() { return "wait"; }
    };
    ActionRunner r = new ActionRunner(
        Action.builder("fence").trigger(AlertTrigger.builder().build()).effect(slow).build(),
        ActionStore.inMemory(), ActionState.INITIAL, clock, () -> o -> answer, heard::add);
    Thread actionThread = new Thread(() -> r.began(occurrence("A")));
    actionThread.start();
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<ActionStatus> status =
          CompletableFuture.supplyAsync(r::status);
      ActionStatus during = status.get(5, TimeUnit.SECONDS);
      assertThat(during.state().running()).isTrue();
      assertThat(during.state().armed()).isFalse();
    } finally {
      release.countDown();
      actionThread.join(10_000);
    }
    assertThat(r.status().state().running()).isFalse();
    assertThat(r.status().attempts()).containsEntry(Outcome.SUCCEEDED, 1L);
  }
}
