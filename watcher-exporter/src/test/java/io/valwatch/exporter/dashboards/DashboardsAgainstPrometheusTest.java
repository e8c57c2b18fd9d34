package io.valwatch.exporter.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.valwatch.exporter.dashboards.Dashboards.Board;
import io.valwatch.exporter.dashboards.Dashboards.Query;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every board, evaluated by a real Prometheus that scrapes the exporter's {@code demo} once a
 * second with the sample configuration from {@code grafana/provisioning} (so the alerting rules load too).
 * Template variables get the values Grafana would give them, read from Prometheus the way Grafana does.
 * Each query must answer without error and with data; the test polls until all do or the deadline passes.
 *
 * <p>Needs the {@code prometheus} binary on the PATH; without it the test is skipped, except in CI
 * ({@code CI=true}) where it fails.
 */
@Timeout(240)
class DashboardsAgainstPrometheusTest {
  /** What {@code $__rate_interval} and friends become: a few scrapes at the 1 s interval. */
  private static final String INTERVAL = "15s";

  private static final Duration STARTUP = Duration.ofSeconds(60);
  /** The demo's validator goes offline at its 20th block, one a second; its misses fill the boards. */
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(120);

  private static final Pattern METRICS_URL = Pattern.compile("metrics: http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\)$");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

  @TempDir Path workDir;

  @Test
  void everyPanelQueryReturnsDataFromAPrometheusScrapingTheDemo() throws Exception {
    try (ChildProcess exporter = startDemoExporter()) {
      int exporterPort = exporter.awaitNumber(METRICS_URL, STARTUP);
      Path config = writePrometheusConfig(exporterPort);
      try (PrometheusServer server = PrometheusServer.start(config, workDir)) {
        assertThat(ruleGroups(server)).as("rule groups loaded from the sample configuration").contains("valwatch-validators");
        checkEveryQuery(server);
      }
    }
  }

  private void checkEveryQuery(PrometheusServer api) throws Exception {
    List<Board> boards = Dashboards.load();
    Instant deadline = Instant.now().plus(DATA_DEADLINE);
    while (true) {
      List<String> empty = new ArrayList<>();
      int evaluated = 0;
      for (Board board : boards) {
        Map<String, String> values = variableValues(api, board, empty);
        if (values.isEmpty()) {
          continue;
        }
        for (Query query : board.panelQueries()) {
          evaluated++;
          if (evaluate(api, query, values).isEmpty()) {
            empty.add(query.where() + ": " + substitute(query.expr(), values));
          }
        }
        // Annotations show alerts, which the demo need not have raised yet: they must only be valid.
        for (Query query : board.annotationQueries()) {
          evaluate(api, query, values);
        }
      }
      if (empty.isEmpty()) {
        assertThat(evaluated).as("queries evaluated").isGreaterThan(30);
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        fail("queries still without data after " + DATA_DEADLINE.toSeconds() + " s:\n  " + String.join("\n  ", empty));
      }
      api.checkAlive();
      Thread.sleep(1_000);
    }
  }

  /**
   * The value Grafana gives each variable: the data source is implicit, {@code All} where allowed (its
   * {@code allValue} regex), otherwise the first of the values its {@code label_values} query finds. Empty,
   * with the reason added to {@code missing}, when a variable has no value yet.
   */
  private Map<String, String> variableValues(PrometheusServer api, Board board, List<String> missing) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("__rate_interval", INTERVAL);
    values.put("__interval", INTERVAL);
    values.put("__range", "1h");
    for (JsonNode variable : board.variables()) {
      String name = variable.path("name").asText();
      switch (variable.path("type").asText()) {
        case "datasource", "textbox" -> values.put(name, variable.path("query").asText());
        case "query" -> {
          List<String> found = labelValues(api, substitute(variable.path("definition").asText(), values));
          if (variable.path("includeAll").asBoolean()) {
            values.put(name, variable.path("allValue").asText());
          } else if (found.isEmpty()) {
            missing.add(board.name() + ": variable " + name + " has no values");
            return Map.of();
          } else {
            values.put(name, found.get(0));
          }
        }
        default -> fail(board.name() + ": variable " + name + " has an unexpected type " + variable.path("type"));
      }
    }
    return values;
  }

  private List<String> labelValues(PrometheusServer api, String definition) throws Exception {
    Matcher m = LABEL_VALUES.matcher(definition.trim());
    assertThat(m.matches()).as("variable query " + definition + " is label_values(selector, label)").isTrue();
    JsonNode series = api.get("/api/v1/series?match[]=" + PrometheusServer.encode(m.group(1)), definition);
    TreeSet<String> values = new TreeSet<>();
    series.path("data").forEach(s -> values.add(s.path(m.group(2)).asText()));
    values.remove("");
    return List.copyOf(values);
  }

  private static String substitute(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      // Not a variable (label_replace's "$1", for example): Grafana leaves it as it is too.
      String value = values.getOrDefault(name, m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The result of an instant query; fails on any error Prometheus reports. */
  private static JsonNode evaluate(PrometheusServer api, Query query, Map<String, String> values) throws Exception {
    String expr = substitute(query.expr(), values);
    assertThat(expr).as(query.where() + " leaves no Grafana variable unset").doesNotContain("$__", "${");
    return api.query(expr, query.where());
  }

  private static List<String> ruleGroups(PrometheusServer api) throws Exception {
    List<String> names = new ArrayList<>();
    api.get("/api/v1/rules", "rules").path("data").path("groups").forEach(g -> names.add(g.path("name").asText()));
    return names;
  }

  /** {@code valwatch demo} in its own JVM on a port of its choosing, printed on its standard output. */
  private ChildProcess startDemoExporter() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return ChildProcess.start(
        "exporter",
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "io.valwatch.exporter.Main",
            "demo",
            "--listen",
            "127.0.0.1:0",
            "--log-level",
            "WARN"),
        workDir);
  }

  /**
   * The sample {@code prometheus.yml} from {@code grafana/provisioning}, scraping the demo every second and
   * evaluating rules as often, with its rule files resolved against the sample's folder.
   */
  private Path writePrometheusConfig(int exporterPort) throws IOException {
    Path sample = Dashboards.grafanaDir().resolve("provisioning/prometheus/prometheus.yml");
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode config = (ObjectNode) yaml.readTree(sample.toFile());
    ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
    List<String> rules = new ArrayList<>();
    config.path("rule_files").forEach(r -> rules.add(sample.getParent().resolve(r.asText()).normalize().toString()));
    assertThat(rules).as("rule files of " + sample).isNotEmpty().allSatisfy(r -> assertThat(new File(r)).isFile());
    config.putPOJO("rule_files", rules);
    JsonNode job = config.path("scrape_configs").get(0);
    assertThat(job.path("job_name").asText()).isEqualTo("valwatch");
    ((ObjectNode) job.path("static_configs").get(0)).putPOJO("targets", List.of("127.0.0.1:" + exporterPort));
    Path file = workDir.resolve("prometheus.yml");
    yaml.writeValue(file.toFile(), config);
    return file;
  }
}
