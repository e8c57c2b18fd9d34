package io.valwatch.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.AlertSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart neither forgets a firing alert nor sends it again, and resolves it once fresh data says so. */
class AlertBookRestartTest {
  private static final AlertKey JAIL = new AlertKey("test-1", "cosmosvaloper1abc", AlertKinds.JAIL_IMMINENT);
  private static final AlertKey OTHER_CHAIN = new AlertKey("other-1", "", AlertKinds.CHAIN_STALLED);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final List<AlertNotification> sent = new ArrayList<>();

  private AlertBook book(String chainId) {
    return new AlertBook(chainId, AlertSettings.defaults(), clock, AlertStore.inDirectory(dir), sent::add);
  }

  private static Verdicts holding(AlertKey key, Severity severity) {
    Verdicts v = new Verdicts();
    v.hold(new AlertCondition(key, severity, "few misses left", "details", Map.of("moniker", "alpha")));
    return v;
  }

  @Test
  void verdictsKeptForLaterRoundsShareTheWordsOfTheFiringAlert() {
    AlertBook book = new AlertBook("test-1", AlertSettings.defaults().withPendingFor(Duration.ZERO), clock,
        AlertStore.inDirectory(dir), sent::add);
    Verdicts first = holding(JAIL, Severity.WARNING);
    book.evaluate(first, k -> true, c -> true);
    Verdicts again = holding(JAIL, Severity.WARNING);
    book.evaluate(again, k -> true, c -> true);

    AlertCondition shared = book.sharing(again).holding().get(0);

    assertThat(shared).isSameAs(first.holding().get(0)).isNotSameAs(again.holding().get(0));
    assertThat(book.active().get(0).summary()).isSameAs(shared.summary());
    Verdicts changed = holding(JAIL, Severity.CRITICAL);
    assertThat(book.sharing(changed).holding().get(0)).isSameAs(changed.holding().get(0));
  }

  @Test
  void restartKeepsTheAlertWithoutResendingAndResolvesItOnceAfterFreshData() {
    AlertBook before = book("test-1");
    before.evaluate(holding(JAIL, Severity.WARNING), k -> true, c -> true);
    clock.advance(Duration.ofSeconds(30));
    before.evaluate(holding(JAIL, Severity.CRITICAL), k -> true, c -> true);
    book("other-1").evaluate(holding(OTHER_CHAIN, Severity.CRITICAL), k -> true, c -> true);
    assertThat(sent).hasSize(3);
    assertThat(dir.resolve("alerts.json")).exists();
    assertThat(dir.resolve("alerts.json.tmp")).doesNotExist();

    sent.clear();
    clock.advance(Duration.ofMinutes(5));
    AlertBook after = book("test-1");
    assertThat(after.active()).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo(JAIL);
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.firingSince()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
      assertThat(a.labels()).containsEntry("moniker", "alpha");
    });

    // The condition still holds after the restart: nothing is sent again.
    after.evaluate(holding(JAIL, Severity.CRITICAL), k -> true, c -> true);
    // Data not fresh yet (still catching up): the alert is neither resolved nor sent.
    clock.advance(Duration.ofMinutes(5));
    after.evaluate(new Verdicts(), k -> false, c -> true);
    assertThat(sent).isEmpty();
    assertThat(after.active()).hasSize(1);

    // Fresh data without the condition: resolved once, after the hold-down.
    after.evaluate(new Verdicts(), k -> true, c -> true);
    clock.advance(Duration.ofSeconds(60));
    after.evaluate(new Verdicts(), k -> true, c -> true);
    clock.advance(Duration.ofSeconds(60));
    after.evaluate(new Verdicts(), k -> true, c -> true);
    assertThat(sent).singleElement().satisfies(n -> {
      assertThat(n.reason()).isEqualTo(AlertNotification.Reason.RESOLVED);
      assertThat(n.alert().key()).isEqualTo(JAIL);
    });

    // A second restart: nothing left to resolve for this chain, the other chain's alert is kept.
    sent.clear();
    AlertBook again = book("test-1");
    again.evaluate(new Verdicts(), k -> true, c -> true);
    assertThat(again.active()).isEmpty();
    assertThat(sent).isEmpty();
    assertThat(book("other-1").active()).extracting(a -> a.key()).containsExactly(OTHER_CHAIN);
  }

  @Test
  void aCorruptStateFileIsMovedAsideAndTheBookStartsAfresh() throws IOException {
    String corrupt = "{\"version\": 1, \"chains\": {\"test-1\": [{\"kind\": 3}]}}";
    Files.writeString(dir.resolve("alerts.json"), corrupt);
    AlertBook fresh = book("test-1");
    assertThat(fresh.active()).isEmpty();
    assertThat(dir.resolve("alerts.json.unusable")).hasContent(corrupt);

    AlertKey stalled = new AlertKey("test-1", "", AlertKinds.CHAIN_STALLED);
    Verdicts firing = new Verdicts();
    firing.hold(new AlertCondition(stalled, Severity.CRITICAL, "stalled", "no block", Map.of()));
    fresh.evaluate(firing, k -> true, c -> true);
    assertThat(book("test-1").active()).extracting(a -> a.key()).containsExactly(stalled);
  }
}
