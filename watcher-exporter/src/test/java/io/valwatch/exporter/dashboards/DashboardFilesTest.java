package io.valwatch.exporter.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.valwatch.exporter.dashboards.Dashboards.Board;
import io.valwatch.exporter.dashboards.Dashboards.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What every board must be without a Prometheus at hand: importable with a data source chosen on import, on
 * a current schema, units on every panel, colours that work in dark and light themes, the shared template
 * variables, and only documented metrics.
 */
class DashboardFilesTest {
  private static final Pattern LITERAL_COLOUR = Pattern.compile("#[0-9a-fA-F]{3,8}\\b|rgba?\\(");

  private final List<Board> boards = Dashboards.load();

  @Test
  void thereIsAFleetAValidatorAndANetworkBoard() {
    assertThat(boards)
        .extracting(Board::name)
        .containsExactlyInAnyOrder("fleet-overview.json", "validator-detail.json", "network-view.json");
  }

  @Test
  void boardsAreImportReadyOnACurrentSchema() {
    for (Board board : boards) {
      JsonNode inputs = board.json().path("__inputs");
      assertThat(inputs).as(board.name() + " __inputs").hasSize(1);
      assertThat(inputs.get(0).path("name").asText()).isEqualTo("DS_PROMETHEUS");
      assertThat(inputs.get(0).path("pluginId").asText()).isEqualTo("prometheus");
      assertThat(board.json().path("schemaVersion").asInt()).as(board.name() + " schemaVersion").isGreaterThanOrEqualTo(39);
      assertThat(board.json().path("uid").asText()).as(board.name() + " uid").startsWith("valwatch-");
      assertThat(board.json().path("id").isNull()).as(board.name() + " id is left to Grafana").isTrue();
    }
  }

  @Test
  void everyPanelQueriesTheChosenPrometheusAndSetsAUnit() {
    for (Board board : boards) {
      for (JsonNode panel : board.panels()) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        String where = board.name() + " / " + panel.path("title").asText();
        assertThat(panel.path("datasource").path("uid").asText()).as(where + " data source").isEqualTo("${datasource}");
        assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(where + " unit").isNotBlank();
        assertThat(panel.path("description").asText()).as(where + " description").isNotBlank();
        assertThat(panel.path("targets")).as(where + " queries").isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("datasource").path("uid").asText()).as(where + " query data source").isEqualTo("${datasource}");
          assertThat(target.path("expr").asText()).as(where + " query").isNotBlank();
        }
      }
    }
  }

  @Test
  void panelsUseThemeColoursOnly() {
    for (Board board : boards) {
      for (JsonNode panel : board.panels()) {
        assertThat(LITERAL_COLOUR.matcher(panel.path("fieldConfig").toString()).find())
            .as(board.name() + " / " + panel.path("title").asText() + " has a literal colour; use a named or threshold colour")
            .isFalse();
      }
    }
  }

  @Test
  void everyBoardHasTheSharedChainedVariables() {
    for (Board board : boards) {
      List<String> names = board.variables().stream().map(v -> v.path("name").asText()).toList();
      assertThat(names).as(board.name()).containsSubsequence("datasource", "chain_id", "label", "validator");
      assertThat(names).as(board.name()).contains("explorer");
      for (JsonNode variable : board.variables()) {
        String name = variable.path("name").asText();
        if (name.equals("label") || name.equals("validator")) {
          assertThat(variable.path("definition").asText())
              .as(board.name() + " " + name)
              .startsWith("label_values(valwatch_validator_info{")
              .contains("chain_id=~\"$chain_id\"");
        }
        if (variable.path("includeAll").asBoolean()) {
          // Prometheus drops empty labels, so only a match-anything regex keeps validators without a label.
          assertThat(variable.path("allValue").asText()).as(board.name() + " " + name + " allValue").isEqualTo(".*");
        }
      }
    }
  }

  @Test
  void everyMetricOnABoardIsDocumented() throws IOException {
    String doc = Files.readString(Dashboards.metricsDoc());
    Set<String> used = new TreeSet<>();
    for (Board board : boards) {
      List<Query> queries = new ArrayList<>(board.panelQueries());
      queries.addAll(board.annotationQueries());
      board.variables().forEach(v -> queries.add(new Query(board.name() + " variable", v.path("definition").asText())));
      queries.forEach(q -> used.addAll(Dashboards.metricNames(q.expr())));
    }

    assertThat(used).contains("valwatch_validator_blocks_until_penalty", "valwatch_chain_signed_power_ratio");
    assertThat(used).allSatisfy(name -> assertThat(doc).as("docs/metrics.md documents " + name).contains("`" + name + "`"));
  }

  @Test
  void validatorsLinkToTheExplorer() {
    for (Board board : boards) {
      assertThat(board.json().toString()).as(board.name()).containsPattern("\\$\\{explorer}/\\$\\{__(data|field)\\.");
    }
  }
}
