package io.valwatch.exporter.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.action.ActionAttempt;
import io.valwatch.action.ActionState;
import io.valwatch.action.ActionStatus;
import io.valwatch.action.Occurrence;
import io.valwatch.action.Outcome;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionNoticesTest {
  private static final Instant AT = Instant.parse("2026-05-01T03:00:12Z");

  private static ActionAttempt attempt(Outcome outcome, String detail) {
    Occurrence o = new Occurrence("cosmoshub-4/cosmosvaloper1abc/jail_imminent@2026-05-01T02:58:00Z", "cosmoshub-4",
        "cosmosvaloper1abc", "jail_imminent", Severity.CRITICAL, "Alpha is 3 misses from the penalty", "…",
        Instant.parse("2026-05-01T02:58:00Z"), Map.of("moniker", "Alpha", "label", "main"));
    return new ActionAttempt("fence", o, outcome, detail, "run /usr/local/bin/fence with 1 argument(s)", AT);
  }

  @Test
  void anAttemptReachesTheChannelsAsAOneShotAlertOfItsOwnKind() {
    List<AlertNotification> sent = new ArrayList<>();
    WatcherListener channels = new WatcherListener() {
      @Override public void onAlert(AlertNotification n) { sent.add(n); }
    };

    new ActionNotices(channels).onAttempt(attempt(Outcome.FAILED, "exit 3: signer busy"));

    AlertNotification n = sent.get(0);
    Alert a = n.alert();
    assertThat(n.reason()).isEqualTo(AlertNotification.Reason.FIRING);
    assertThat(a.key().id()).isEqualTo("cosmoshub-4/cosmosvaloper1abc/action_fence");
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.summary()).isEqualTo("action fence failed: Alpha is 3 misses from the penalty");
    assertThat(a.description()).isEqualTo("exit 3: signer busy. Its effect: run /usr/local/bin/fence with 1"
        + " argument(s). Triggered by jail_imminent (critical), episode"
        + " cosmoshub-4/cosmosvaloper1abc/jail_imminent@2026-05-01T02:58:00Z.");
    assertThat(a.firingSince()).isEqualTo(AT);
    assertThat(a.labels()).containsEntry("moniker", "Alpha").containsEntry("action", "fence")
        .containsEntry("outcome", "failed").containsEntry("trigger", "jail_imminent");
  }

  @Test
  void metricsShowEveryOutcomeAndWhetherArmed() throws Exception {
    Map<Outcome, Long> attempts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      attempts.put(o, 0L);
    }
    attempts.put(Outcome.SUCCEEDED, 1L);
    ActionState disarmed = new ActionState(false, Optional.of(AT), Optional.of(AT), Optional.empty(), List.of("e"), false);
    PrometheusRegistry registry = new PrometheusRegistry();
    ActionMetrics.register(registry, () -> List.of(new ActionStatus(
        "fence", "t", "e", false, Duration.ZERO, disarmed, Optional.empty(), List.of(), attempts)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text).contains("valwatch_actions_total{action=\"fence\",outcome=\"succeeded\"} 1.0")
        .contains("valwatch_actions_total{action=\"fence\",outcome=\"state_not_saved\"} 0.0")
        .contains("valwatch_action_armed{action=\"fence\"} 0.0");
    assertThat(text.lines().filter(l -> l.startsWith("valwatch_actions_total{"))).hasSize(Outcome.values().length);
  }
}
