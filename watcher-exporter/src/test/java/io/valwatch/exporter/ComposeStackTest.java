package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/compose: no container engine runs here, so the stack is checked as far as it can be without one.
 * The Prometheus and Alertmanager configurations are laid out as the compose file mounts them into their
 * containers and checked there with promtool and amtool; valwatch's commands parse and its image is the
 * one the project publishes.
 */
class ComposeStackTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path COMPOSE_DIR = Path.of("..", "examples", "compose").toAbsolutePath().normalize();

  @TempDir Path containers;

  @Test
  void prometheusConfigurationIsValidWithTheShippedRulesWhereTheStackMountsThem() throws Exception {
    Path root = mount("prometheus");
    Path config = root.resolve("etc/prometheus/prometheus.yml");

    run(DebianTool.require("promtool", "prometheus"), "check", "config", config.toString());

    JsonNode prometheus = YAML.readTree(config.toFile());
    assertThat(prometheus.at("/rule_files/0").asText()).isEqualTo("rules/valwatch.rules.yml");
    assertThat(root.resolve("etc/prometheus/rules/valwatch.rules.yml"))
        .hasSameTextualContentAs(Path.of("..", "grafana", "alerts", "valwatch.rules.yml"));
    assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets/0").asText()).isEqualTo("valwatch:9300");
    assertThat(prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets/0").asText())
        .isEqualTo("alertmanager:9093");
    assertThat(service("alertmanager").get("ports").get(0).asText()).endsWith(":9093");
  }

  @Test
  void alertmanagerConfigurationIsValid() throws Exception {
    Path config = mount("alertmanager").resolve("etc/alertmanager/alertmanager.yml");

    run(DebianTool.require("amtool", "prometheus-alertmanager"), "check-config", config.toString());
  }

  @Test
  void grafanaGetsTheBoardsAndAPrometheusDataSource() throws Exception {
    Path root = mount("grafana");
    try (var boards = Files.list(Path.of("..", "grafana", "dashboards"))) {
      for (Path board : boards.toList()) {
        assertThat(root.resolve("var/lib/valwatch-grafana/dashboards").resolve(board.getFileName())).exists();
      }
    }
    assertThat(service("grafana").at("/environment/VALWATCH_GRAFANA_DIR").asText()).isEqualTo("/var/lib/valwatch-grafana");
    JsonNode source = YAML.readTree(root.resolve("etc/grafana/provisioning/datasources/valwatch-prometheus.yml").toFile());
    assertThat(source.at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(root.resolve("etc/grafana/provisioning/dashboards/valwatch.yml")).exists();
  }

  @Test
  void valwatchRunsTheDemoByDefaultAndTheConfigurationWithTheChainsOverride() throws IOException {
    JsonNode valwatch = service("valwatch");
    assertThat(valwatch.get("image").asText()).startsWith("ghcr.io/valwatch/valwatch:");
    assertThat(parses(valwatch.get("command"))).first().isEqualTo("demo");

    JsonNode chains = YAML.readTree(COMPOSE_DIR.resolve("compose.chains.yaml").toFile()).at("/services/valwatch");
    List<String> run = parses(chains.get("command"));
    assertThat(run).startsWith("run", "--config", "/etc/valwatch/valwatch.yaml");
    String mount = chains.get("volumes").get(0).asText();
    assertThat(mount).isEqualTo("../valwatch.yaml:/etc/valwatch/valwatch.yaml:ro");
    assertThat(COMPOSE_DIR.resolve("../valwatch.yaml")).isRegularFile();
  }

  /** The command's arguments, after checking that the exporter's command line accepts them. */
  private static List<String> parses(JsonNode command) {
    List<String> args = new ArrayList<>();
    command.forEach(a -> args.add(a.asText()));
    Main.commandLine().parseArgs(args.toArray(String[]::new));
    return args;
  }

  private static JsonNode service(String name) throws IOException {
    JsonNode service = YAML.readTree(COMPOSE_DIR.resolve("compose.yaml").toFile()).at("/services/" + name);
    assertThat(service.isMissingNode()).as("service %s", name).isFalse();
    return service;
  }

  /** Copies what the compose file mounts into {@code service}'s container to the same paths under a directory. */
  private Path mount(String service) throws IOException {
    Path root = Files.createDirectories(containers.resolve(service));
    for (JsonNode volume : service(service).get("volumes")) {
      String[] parts = volume.asText().split(":");
      if (!parts[0].startsWith(".")) {
        continue; // a named volume
      }
      Path source = COMPOSE_DIR.resolve(parts[0]).normalize();
      Path target = root.resolve(parts[1].substring(1));
      Files.createDirectories(target.getParent());
      if (Files.isDirectory(source)) {
        Files.createDirectories(target);
        try (var files = Files.list(source)) {
          for (Path file : files.toList()) {
            Files.copy(file, target.resolve(file.getFileName()));
          }
        }
      } else {
        Files.copy(source, target);
      }
    }
    return root;
  }

  private static void run(Path tool, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s exit status; output:%n%s", command, output).isZero();
  }
}
