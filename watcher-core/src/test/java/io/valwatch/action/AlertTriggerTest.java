package io.valwatch.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTriggerTest {
  private static final Instant SINCE = Instant.parse("2026-05-01T02:58:00Z");

  private static Alert alert(String kind, Severity severity, Alert.State state) {
    return new Alert(
        new AlertKey("cosmoshub-4", "cosmosvaloper1abc", kind), severity, state, "s", "d", SINCE,
        Map.of("label", "main", "identity", "cosmosvalcons1xyz"));
  }

  private final List<String> events = new ArrayList<>();
  private final Trigger.Episodes episodes = new Trigger.Episodes() {
    @Override public void began(Occurrence o) { events.add("began " + o.episode() + " " + o.severity()); }
    @Override public void ended(String episode) { events.add("ended " + episode); }
  };

  @Test
  void anEpisodeRunsFromFiringToResolvedAndReachesTheMinimumSeverityByEscalating() {
    WatcherListener l = AlertTrigger.builder().kinds("jail_imminent").minSeverity(Severity.CRITICAL).build().listen(episodes);
    Instant now = SINCE.plusSeconds(60);
    l.onAlert(new AlertNotification(alert("jail_imminent", Severity.WARNING, Alert.State.FIRING), AlertNotification.Reason.FIRING, now));
    l.onAlert(new AlertNotification(alert("jail_imminent", Severity.CRITICAL, Alert.State.FIRING), AlertNotification.Reason.FIRING, now));
    l.onAlert(new AlertNotification(alert("jail_imminent", Severity.CRITICAL, Alert.State.FIRING), AlertNotification.Reason.REMINDER, now));
    l.onAlert(new AlertNotification(alert("jail_imminent", Severity.CRITICAL, Alert.State.RESOLVED), AlertNotification.Reason.RESOLVED, now));

    String episode = "cosmoshub-4/cosmosvaloper1abc/jail_imminent@2026-05-01T02:58:00Z";
    assertThat(events).containsExactly("began " + episode + " CRITICAL", "ended " + episode);
  }

  @Test
  void everyCriterionGivenMustMatch() {
    Alert a = alert("governance_vote_missing_42", Severity.WARNING, Alert.State.FIRING);
    assertThat(AlertTrigger.builder().minSeverity(Severity.WARNING).build().matches(a)).isTrue();
    assertThat(AlertTrigger.builder().kinds("governance_vote_missing").minSeverity(Severity.INFO).build().matches(a)).isTrue();
    assertThat(AlertTrigger.builder().kinds("jailed").minSeverity(Severity.INFO).build().matches(a)).isFalse();
    assertThat(AlertTrigger.builder().build().matches(a)).as("default minimum is critical").isFalse();
    assertThat(AlertTrigger.builder().minSeverity(Severity.INFO).chains("osmosis-1").build().matches(a)).isFalse();
    assertThat(AlertTrigger.builder().minSeverity(Severity.INFO).validators("cosmosvalcons1xyz").build().matches(a)).isTrue();
    assertThat(AlertTrigger.builder().minSeverity(Severity.INFO).validators("cosmosvaloper1abc").build().matches(a)).isTrue();
    assertThat(AlertTrigger.builder().minSeverity(Severity.INFO).validators("cosmosvaloper1other").build().matches(a)).isFalse();
    assertThat(AlertTrigger.builder().minSeverity(Severity.INFO).labels("backup").build().matches(a)).isFalse();
    assertThat(AlertTrigger.builder().minSeverity(Severity.INFO).labels("main", "backup").build().matches(a)).isTrue();
  }
}
