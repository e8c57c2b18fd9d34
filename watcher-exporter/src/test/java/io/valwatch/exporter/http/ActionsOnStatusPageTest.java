package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.action.Action;
import io.valwatch.action.ActionAttempt;
import io.valwatch.action.ActionEngine;
import io.valwatch.action.ActionStatus;
import io.valwatch.action.ActionStore;
import io.valwatch.action.AlertTrigger;
import io.valwatch.action.Confirmation;
import io.valwatch.action.Effect;
import io.valwatch.action.EffectResult;
import io.valwatch.action.Occurrence;
import io.valwatch.action.Outcome;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.exporter.metrics.CachedExposition;
import io.valwatch.exporter.metrics.WatcherCollector;
import io.valwatch.model.ChainStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actions of a running engine in {@code GET /api/v1/status} and on the status page, in headless Chromium:
 * one that ran and is disarmed, one held back by a second endpoint, one never triggered in dry run. What
 * the page and the API say is compared with what the effect itself recorded.
 */
@Timeout(180)
class ActionsOnStatusPageTest {
  private static final Instant NOW = Instant.parse("2026-05-01T03:00:12Z");
  private static final Pattern ROW = Pattern.compile("<tr data-action=\"([^\"]+)\" data-armed=\"(true|false)\">(.*?)</tr>");

  @TempDir Path workDir;
  private final HttpClient client = HttpClient.newHttpClient();

  /** An effect that records the episodes it ran for and when. */
  private static final class Recording implements Effect {
    final List<String> runs = new CopyOnWriteArrayList<>();
    final Clock clock;

    Recording(Clock clock) {
      this.clock = clock;
    }

    @Override
    public EffectResult run(String action, Occurrence o) {
      runs.add(o.episode() + " at " + clock.instant());
      return EffectResult.succeeded("exit 0, printed the token s3cr3t");
    }

    @Override
    public String describe() {
      return "run /usr/local/bin/fence-primary --host signer-a.internal";
    }
  }

  private static AlertNotification firing(String subject, String kind) {
    Alert a = new Alert(new AlertKey("cosmoshub-4", subject, kind), Severity.CRITICAL, Alert.State.FIRING,
        "Alpha: " + kind, "…", NOW.minusSeconds(60), Map.of());
    return new AlertNotification(a, AlertNotification.Reason.FIRING, NOW);
  }

  @Test
  void theApiAndThePageShowEachActionAsTheEngineHoldsIt() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Recording fence = new Recording(clock);
    Recording hold = new Recording(clock);
    Recording page = new Recording(clock);
    List<ActionAttempt> heard = new CopyOnWriteArrayList<>();
    try (ActionEngine engine = ActionEngine.builder()
        .action(Action.builder("fence-primary").cooldown(Duration.ofHours(1))
            .trigger(AlertTrigger.builder().kinds("jail_imminent").build()).effect(fence).build())
        .action(Action.builder("hold").trigger(AlertTrigger.builder().kinds("jailed").build()).effect(hold)
            .confirmer(o -> Confirmation.CONTRADICTED).build())
        .action(Action.builder("page-runbook").dryRun(true)
            .trigger(AlertTrigger.builder().kinds("tombstoned").build()).effect(page).build())
        .store(ActionStore.inDirectory(workDir.resolve("state")))
        .clock(clock)
        .listener(heard::add)
        .build()) {
      engine.start(o -> Confirmation.SINGLE_ENDPOINT);
      engine.onAlert(firing("cosmosvaloper1alpha", "jail_imminent"));
      engine.onAlert(firing("cosmosvaloper1alpha", "jailed"));
      await(() -> heard.size() == 2);
      assertThat(fence.runs).containsExactly(
          "cosmoshub-4/cosmosvaloper1alpha/jail_imminent@2026-05-01T02:59:12Z at 2026-05-01T03:00:12Z");
      assertThat(hold.runs).isEmpty();
      String heldEpisode = "cosmoshub-4/cosmosvaloper1alpha/jailed@2026-05-01T02:59:12Z";

      try (ExporterHttpServer server = start(engine::status)) {
        JsonNode actions = new ObjectMapper().readTree(get(server, "/api/v1/status")).path("actions");
        assertThat(actions).hasSize(3);
        JsonNode ran = actions.get(0);
        assertThat(ran.path("name").asText()).isEqualTo("fence-primary");
        assertThat(ran.path("armed").asBoolean()).isFalse();
        assertThat(ran.path("running").asBoolean()).isFalse();
        assertThat(ran.path("dry_run").asBoolean()).isFalse();
        assertThat(ran.path("disarmed_at").asText()).isEqualTo("2026-05-01T03:00:12Z");
        assertThat(ran.path("last_run_at").asText()).isEqualTo("2026-05-01T03:00:12Z");
        assertThat(ran.path("cooldown_until").asText()).isEqualTo("2026-05-01T04:00:12Z");
        assertThat(ran.path("last_attempt").path("at").asText()).isEqualTo("2026-05-01T03:00:12Z");
        assertThat(ran.path("last_attempt").path("outcome").asText()).isEqualTo(Outcome.SUCCEEDED.label());
        assertThat(ran.path("last_attempt").path("episode").asText())
            .isEqualTo("cosmoshub-4/cosmosvaloper1alpha/jail_imminent@2026-05-01T02:59:12Z");
        assertThat(ran.path("trigger").asText()).isEqualTo("jail_imminent at critical or above");
        assertThat(ran.toString()).as("the effect and the run's output stay off HTTP")
            .doesNotContain("signer-a.internal").doesNotContain("s3cr3t");
        JsonNode held = actions.get(1);
        assertThat(held.path("armed").asBoolean()).isTrue();
        assertThat(held.path("last_attempt").isNull()).isTrue();
        assertThat(held.path("awaiting_confirmation")).extracting(JsonNode::asText).containsExactly(heldEpisode);
        JsonNode dry = actions.get(2);
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("armed").asBoolean()).isTrue();
        assertThat(dry.path("disarmed_at").isNull()).isTrue();
        assertThat(dry.path("cooldown_until").isNull()).isTrue();

        HeadlessChromium chromium = HeadlessChromium.require(workDir);
        URI url = URI.create("http://127.0.0.1:" + server.port() + "/");
        HeadlessChromium.Page shown = chromium.dumpDom(url, 1280, 900);
        chromium.screenshot(url, 1280, 900, false, Path.of("target", "status-page", "status-page-actions.png"));
        chromium.screenshot(url, 390, 900, true, Path.of("target", "status-page", "status-page-actions-phone-dark.png"));
        assertThat(shown.console()).as("console output of the page").isEmpty();
        assertThat(shown.dom()).contains("<body data-state=\"loaded\">")
            .contains("data-disarmed=\"1\">1 of 3 disarmed")
            .doesNotContain("signer-a.internal");
        Map<String, String> rows = rows(shown.dom());
        assertThat(rows.keySet()).containsExactly("fence-primary false", "hold true", "page-runbook true");
        assertThat(cells(rows.get("fence-primary false")))
            .containsExactly("fence-primary", "disarmed", "succeeded2026-05-01T03:00:12Z", "2026-05-01T03:00:12Z",
                "2026-05-01T04:00:12Z", "0");
        assertThat(cells(rows.get("hold true"))).containsExactly("hold", "armed", "–", "–", "–", "1");
        assertThat(cells(rows.get("page-runbook true")))
            .containsExactly("page-runbook", "armeddry run", "–", "–", "–", "0");
      }
    }
  }

  @Test
  void withoutActionsTheApiHasAnEmptyListAndThePageNoSection() throws Exception {
    try (ExporterHttpServer server = start(List::of)) {
      assertThat(new ObjectMapper().readTree(get(server, "/api/v1/status")).path("actions").isArray()).isTrue();
      assertThat(new ObjectMapper().readTree(get(server, "/api/v1/status")).path("actions")).isEmpty();
      HeadlessChromium.Page shown = HeadlessChromium.require(workDir)
          .dumpDom(URI.create("http://127.0.0.1:" + server.port() + "/"), 1280, 900);
      assertThat(shown.console()).isEmpty();
      assertThat(shown.dom()).contains("<div id=\"actions\"></div>").doesNotContain("data-action=");
    }
  }

  private static ExporterHttpServer start(Supplier<List<ActionStatus>> actions) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Supplier<List<ChainStatus>> chains = List::of;
    WatcherCollector collector = new WatcherCollector(chains, new BuildInfo("1.2.3", "0123456789ab", "2026-12-04T16:56:25Z"));
    return ExporterHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), registry, chains)
        .cachedExposition(new CachedExposition(registry, collector))
        .actions(actions)
        .start();
  }

  private String get(ExporterHttpServer server, String path) throws Exception {
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The action rows of the page, by "name armed", in page order. */
  private static Map<String, String> rows(String dom) {
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(dom);
    while (m.find()) {
      rows.put(m.group(1) + " " + m.group(2), m.group(3));
    }
    return rows;
  }

  /** The text of each cell of a row. */
  private static List<String> cells(String row) {
    return Pattern.compile("<td[^>]*>(.*?)</td>").matcher(row).results()
        .map(r -> r.group(1).replaceAll("<[^>]+>", "")).toList();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
