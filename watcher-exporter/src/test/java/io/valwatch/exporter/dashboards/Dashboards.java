package io.valwatch.exporter.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana boards under {@code grafana/dashboards} and what their PromQL names. */
final class Dashboards {
  private static final Pattern VALWATCH_METRIC = Pattern.compile("\\bvalwatch_[a-z0-9_]+\\b");

  private Dashboards() {}

  /** A board file and its parsed JSON. */
  record Board(Path file, JsonNode json) {
    String name() {
      return file.getFileName().toString();
    }

    /** Every panel, panels inside rows included. */
    List<JsonNode> panels() {
      List<JsonNode> result = new ArrayList<>();
      for (JsonNode panel : json.path("panels")) {
        result.add(panel);
        panel.path("panels").forEach(result::add);
      }
      return result;
    }

    /** Every query of every panel that is not a row. */
    List<Query> panelQueries() {
      List<Query> result = new ArrayList<>();
      for (JsonNode panel : panels()) {
        for (JsonNode target : panel.path("targets")) {
          result.add(
              new Query(
                  name() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                  target.path("expr").asText()));
        }
      }
      return result;
    }

    /** The PromQL of every annotation that queries Prometheus. */
    List<Query> annotationQueries() {
      List<Query> result = new ArrayList<>();
      for (JsonNode annotation : json.path("annotations").path("list")) {
        if (annotation.has("expr")) {
          result.add(new Query(name() + " / annotation " + annotation.path("name").asText(), annotation.path("expr").asText()));
        }
      }
      return result;
    }

    List<JsonNode> variables() {
      List<JsonNode> result = new ArrayList<>();
      json.path("templating").path("list").forEach(result::add);
      return result;
    }
  }

  /**
   * One PromQL expression as written on a board.
   *
   * @param where board, panel and query id, for messages
   * @param expr the expression with the board's variables still in it
   */
  record Query(String where, String expr) {}

  /** The repository's {@code grafana} folder, found from the module's working directory upwards. */
  static Path grafanaDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("grafana/dashboards"))) {
        return dir.resolve("grafana");
      }
    }
    throw new IllegalStateException("no grafana/dashboards above " + Path.of("").toAbsolutePath());
  }

  static Path metricsDoc() {
    return grafanaDir().resolveSibling("docs").resolve("metrics.md");
  }

  static List<Board> load() {
    ObjectMapper mapper = new ObjectMapper();
    try (Stream<Path> files = Files.list(grafanaDir().resolve("dashboards"))) {
      List<Board> boards = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        boards.add(new Board(file, mapper.readTree(file.toFile())));
      }
      return boards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The valwatch metric names an expression reads. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = VALWATCH_METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }
}
