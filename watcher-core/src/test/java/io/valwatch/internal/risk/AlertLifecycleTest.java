package io.valwatch.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.AlertSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
  private static final String VALOPER = "cosmosvaloper1abc";
  private static final AlertKey JAIL = new AlertKey("test-1", VALOPER, AlertKinds.JAIL_IMMINENT);
  private static final AlertKey STREAK = new AlertKey("test-1", VALOPER, AlertKinds.CONSECUTIVE_MISSES);
  private static final AlertKey DOWN = new AlertKey("test-1", "http://127.0.0.1:26657", AlertKinds.ENDPOINT_DOWN);
  private static final AlertKey COMMISSION = new AlertKey("test-1", VALOPER, AlertKinds.COMMISSION_CHANGED);
  private static final Predicate<AlertKey> ALL_FRESH = k -> true;
  private static final Predicate<AlertCondition> AGREE = c -> true;
  private static final Predicate<AlertCondition> AGREE_NOT = c -> false;

  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final List<AlertNotification> sent = new ArrayList<>();

  private static AlertCondition condition(AlertKey key, Severity severity) {
    return new AlertCondition(key, severity, key.kind() + " on " + key.subject(), "details", Map.of("moniker", "alpha"));
  }

  private void round(AlertLifecycle lifecycle, AlertCondition... holding) {
    round(lifecycle, ALL_FRESH, AGREE, holding);
  }

  private void round(
      AlertLifecycle lifecycle, Predicate<AlertKey> fresh, Predicate<AlertCondition> confirm, AlertCondition... holding) {
    sent.addAll(lifecycle.evaluate(clock.instant(), List.of(holding), fresh, confirm).notifications());
  }

  private List<String> sentAsText() {
    return sent.stream().map(n -> n.alert().key().kind() + " " + n.reason() + " " + n.alert().severity()).toList();
  }

  @Test
  void anAlertWhoseWordsDidNotChangeIsKeptOnceWhereverItIsListed() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults().withPendingFor(Duration.ZERO));
    round(lifecycle, condition(JAIL, Severity.WARNING));
    Alert first = lifecycle.active().get(0);

    clock.advance(Duration.ofSeconds(5));
    round(lifecycle, condition(JAIL, Severity.WARNING));

    assertThat(lifecycle.active().get(0)).isSameAs(first);
    assertThat(lifecycle.stored().get(0).alert()).isSameAs(first);
    assertThat(sent.get(0).alert()).isSameAs(first);

    round(lifecycle, new AlertCondition(JAIL, Severity.WARNING, "new words", "details", Map.of()));
    assertThat(lifecycle.active().get(0).summary()).isEqualTo("new words");
    assertThat(lifecycle.active().get(0).firingSince()).isEqualTo(first.firingSince());
  }

  @Test
  void saysWhenTimeAloneWouldChangeSomething() {
    AlertSettings settings =
        AlertSettings.defaults().withPendingFor(Duration.ofSeconds(30)).withResolveAfter(Duration.ofMinutes(2))
            .withRenotifyInterval(Duration.ofHours(4));
    AlertLifecycle lifecycle = new AlertLifecycle(settings);
    Instant start = clock.instant();
    assertThat(lifecycle.nextDue()).as("nothing waits").isEqualTo(Instant.MAX);

    round(lifecycle, condition(JAIL, Severity.WARNING));
    assertThat(lifecycle.nextDue()).as("pending until it has held 30 s").isEqualTo(start.plusSeconds(30));

    clock.advance(Duration.ofSeconds(30));
    round(lifecycle, condition(JAIL, Severity.WARNING));
    assertThat(sentAsText()).containsExactly("jail_imminent FIRING WARNING");
    assertThat(lifecycle.nextDue()).as("the reminder").isEqualTo(start.plusSeconds(30).plus(Duration.ofHours(4)));

    clock.advance(Duration.ofSeconds(10));
    round(lifecycle);
    assertThat(lifecycle.nextDue()).as("resolved 2 min after it cleared").isEqualTo(start.plusSeconds(40 + 120));

    clock.advance(Duration.ofMinutes(2));
    round(lifecycle);
    assertThat(sentAsText()).containsExactly("jail_imminent FIRING WARNING", "jail_imminent RESOLVED WARNING");
    assertThat(lifecycle.nextDue()).isEqualTo(Instant.MAX);

    round(lifecycle, AGREE_NOT, condition(JAIL, Severity.CRITICAL));
    clock.advance(Duration.ofSeconds(30));
    round(lifecycle, AGREE_NOT, condition(JAIL, Severity.CRITICAL));
    assertThat(lifecycle.active()).as("no second source agrees yet").isEmpty();
    assertThat(lifecycle.nextDue()).as("due, and asked again at the next round").isBeforeOrEqualTo(clock.instant());
  }

  private void round(AlertLifecycle lifecycle, Predicate<AlertCondition> confirm, AlertCondition... holding) {
    round(lifecycle, ALL_FRESH, confirm, holding);
  }

  @Test
  void firesOnceEscalatesOnceAndResolvesOnceAfterTheHoldDown() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    round(lifecycle, condition(JAIL, Severity.WARNING));
    clock.advance(Duration.ofSeconds(6));
    round(lifecycle, condition(JAIL, Severity.WARNING));
    clock.advance(Duration.ofSeconds(6));
    round(lifecycle, condition(JAIL, Severity.CRITICAL));
    clock.advance(Duration.ofSeconds(6));
    round(lifecycle, condition(JAIL, Severity.CRITICAL));
    round(lifecycle, condition(JAIL, Severity.WARNING));
    assertThat(lifecycle.active()).singleElement().satisfies(a -> {
      assertThat(a.severity()).as("severity never falls back while firing").isEqualTo(Severity.CRITICAL);
      assertThat(a.firingSince()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    });

    round(lifecycle);
    clock.advance(Duration.ofSeconds(59));
    round(lifecycle);
    assertThat(lifecycle.active()).as("still within resolve_after").hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    round(lifecycle);
    clock.advance(Duration.ofSeconds(60));
    round(lifecycle);

    assertThat(sentAsText())
        .containsExactly(
            "jail_imminent FIRING WARNING", "jail_imminent FIRING CRITICAL", "jail_imminent RESOLVED CRITICAL");
    assertThat(sent.get(2).alert().state()).isEqualTo(Alert.State.RESOLVED);
    assertThat(lifecycle.active()).isEmpty();
  }

  @Test
  void aFlappingConditionFiresOnceAndResolvesOnlyWhenItStaysAway() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    for (int i = 0; i < 20; i++) {
      round(lifecycle, condition(STREAK, Severity.WARNING));
      clock.advance(Duration.ofSeconds(20));
      round(lifecycle);
      clock.advance(Duration.ofSeconds(20));
    }
    assertThat(sentAsText()).containsExactly("consecutive_misses FIRING WARNING");
    clock.advance(Duration.ofSeconds(60));
    round(lifecycle);
    assertThat(sentAsText()).containsExactly("consecutive_misses FIRING WARNING", "consecutive_misses RESOLVED WARNING");
  }

  @Test
  void endpointConditionsWaitForTheirPendingTime() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    round(lifecycle, condition(DOWN, Severity.WARNING));
    clock.advance(Duration.ofSeconds(29));
    round(lifecycle, condition(DOWN, Severity.WARNING));
    assertThat(sent).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    round(lifecycle, condition(DOWN, Severity.WARNING));
    assertThat(sentAsText()).containsExactly("endpoint_down FIRING WARNING");
  }

  @Test
  void aBlipShorterThanThePendingTimeNeverFires() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    round(lifecycle, condition(DOWN, Severity.WARNING));
    clock.advance(Duration.ofSeconds(20));
    round(lifecycle);
    clock.advance(Duration.ofSeconds(20));
    round(lifecycle, condition(DOWN, Severity.WARNING));
    clock.advance(Duration.ofSeconds(20));
    round(lifecycle, condition(DOWN, Severity.WARNING));
    assertThat(sent).as("the pending time starts again after the blip").isEmpty();
  }

  @Test
  void remindersComeEveryIntervalWhileFiring() {
    AlertLifecycle lifecycle =
        new AlertLifecycle(AlertSettings.defaults().withRenotifyInterval(Duration.ofHours(4)));
    round(lifecycle, condition(JAIL, Severity.WARNING));
    for (int minutes = 0; minutes < 9 * 60; minutes += 10) {
      clock.advance(Duration.ofMinutes(10));
      round(lifecycle, condition(JAIL, Severity.WARNING));
    }
    assertThat(sent).extracting(AlertNotification::reason)
        .containsExactly(Reason.FIRING, Reason.REMINDER, Reason.REMINDER);
    assertThat(sent.get(1).at()).isEqualTo(Instant.parse("2024-05-01T16:00:00Z"));
  }

  @Test
  void oneShotKindsFireOnceAndNeverResolve() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults().withPendingFor(Duration.ofMinutes(5)));
    round(lifecycle, condition(COMMISSION, Severity.INFO));
    round(lifecycle, condition(COMMISSION, Severity.INFO));
    clock.advance(Duration.ofMinutes(10));
    round(lifecycle);
    clock.advance(Duration.ofMinutes(10));
    round(lifecycle);
    assertThat(sentAsText()).containsExactly("commission_changed FIRING INFO");
    assertThat(lifecycle.active()).isEmpty();
  }

  @Test
  void keysNotEvaluatedKeepTheirState() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    round(lifecycle, condition(STREAK, Severity.WARNING));
    clock.advance(Duration.ofMinutes(10));
    round(lifecycle, k -> false, AGREE);
    assertThat(lifecycle.active()).hasSize(1);
    round(lifecycle);
    assertThat(lifecycle.active()).as("resolve_after counts from the first fresh round").hasSize(1);
    clock.advance(Duration.ofSeconds(60));
    round(lifecycle);
    assertThat(sentAsText()).containsExactly("consecutive_misses FIRING WARNING", "consecutive_misses RESOLVED WARNING");
  }

  @Test
  void aCriticalValidatorAlertWaitsUntilASecondEndpointAgrees() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    List<AlertCondition> asked = new ArrayList<>();
    Predicate<AlertCondition> disagree = c -> {
      asked.add(c);
      return false;
    };
    round(lifecycle, ALL_FRESH, disagree, condition(JAIL, Severity.CRITICAL));
    clock.advance(Duration.ofSeconds(6));
    round(lifecycle, ALL_FRESH, disagree, condition(JAIL, Severity.CRITICAL));
    assertThat(sent).as("one endpoint's word pages nobody").isEmpty();
    assertThat(asked).hasSize(2);
    assertThat(lifecycle.active()).isEmpty();

    round(lifecycle, ALL_FRESH, AGREE, condition(JAIL, Severity.CRITICAL));
    assertThat(sentAsText()).containsExactly("jail_imminent FIRING CRITICAL");
  }

  @Test
  void anUnconfirmedEscalationKeepsTheWarning() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    round(lifecycle, ALL_FRESH, c -> false, condition(JAIL, Severity.WARNING));
    round(lifecycle, ALL_FRESH, c -> false, condition(JAIL, Severity.CRITICAL));
    assertThat(sentAsText()).containsExactly("jail_imminent FIRING WARNING");
    assertThat(lifecycle.active()).extracting(Alert::severity).containsExactly(Severity.WARNING);
  }

  @Test
  void confirmationIsNotAskedForWarningsOrChainAlerts() {
    AlertLifecycle lifecycle = new AlertLifecycle(AlertSettings.defaults());
    AlertKey stalled = new AlertKey("test-1", "", AlertKinds.CHAIN_STALLED);
    round(lifecycle, ALL_FRESH, c -> {
      throw new AssertionError("asked about " + c.key());
    }, condition(STREAK, Severity.WARNING), condition(stalled, Severity.CRITICAL));
    assertThat(sentAsText()).containsExactly("consecutive_misses FIRING WARNING", "chain_stalled FIRING CRITICAL");
  }
}
