package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.valwatch.exporter.config.ConfigException;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.plugins.cosmos.CosmosSdkPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The Kubernetes examples must fit the exporter they deploy: its endpoints, port, options and configuration. */
class KubernetesManifestsTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<JsonNode> documents = new ArrayList<>();

  @BeforeAll
  static void readManifests() throws IOException {
    try (Stream<Path> files = Files.list(examplesDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          docs.readAll().stream().filter(doc -> doc != null && !doc.isNull()).forEach(documents::add);
        }
      }
    }
  }

  @Test
  void everyResourceIsThere() {
    assertThat(documents.stream().map(d -> d.get("kind").asText()))
        .containsExactlyInAnyOrder(
            "ConfigMap", "Deployment", "PersistentVolumeClaim", "PrometheusRule", "Secret", "Service", "ServiceMonitor");
    assertThat(kind("ServiceMonitor").get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
  }

  @Test
  void probesUseTheExportersEndpointsOnItsDefaultPort() {
    JsonNode container = container();
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    int port = ListenAddress.DEFAULT.port();
    assertThat(containerPort(container, container.at("/readinessProbe/httpGet/port"))).isEqualTo(port);
    assertThat(containerPort(container, container.at("/livenessProbe/httpGet/port"))).isEqualTo(port);
  }

  @Test
  void theServiceAndServiceMonitorReachMetricsOnTheContainersPort() {
    JsonNode container = container();
    JsonNode servicePort = kind("Service").at("/spec/ports/0");
    assertThat(containerPort(container, servicePort.get("targetPort"))).isEqualTo(ListenAddress.DEFAULT.port());
    JsonNode endpoint = kind("ServiceMonitor").at("/spec/endpoints/0");
    assertThat(endpoint.get("port").asText()).isEqualTo(servicePort.get("name").asText());
    assertThat(endpoint.get("path").asText()).isEqualTo("/metrics");
    assertThat(kind("Service").at("/spec/selector")).isEqualTo(kind("Deployment").at("/spec/template/metadata/labels"));
    assertThat(kind("ServiceMonitor").at("/spec/selector/matchLabels")).isEqualTo(kind("Service").at("/metadata/labels"));
  }

  @Test
  void theContainerArgumentsAreOptionsTheRunCommandHas() {
    List<String> args = new ArrayList<>();
    container().get("args").forEach(a -> args.add(a.asText()));
    assertThat(args).first().isEqualTo("run");

    CommandLine commandLine = Main.commandLine();
    CommandSpec run = commandLine.getSubcommands().get("run").getCommandSpec();
    args.stream().filter(a -> a.startsWith("-")).forEach(option -> assertThat(run.findOption(option)).as(option).isNotNull());
    CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
    CommandLine.ParseResult runParsed = parsed.subcommand();
    assertThat(runParsed.matchedOptionValue("--config", (Path) null)).isEqualTo(Path.of(mountPath("config")).resolve("valwatch.yaml"));
    assertThat(runParsed.matchedOptionValue("--state-dir", (Path) null)).isEqualTo(Path.of(mountPath("state")));
  }

  @Test
  void theContainerRunsLockedDown() {
    JsonNode pod = kind("Deployment").at("/spec/template/spec");
    JsonNode container = container();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(mountPath("state")).isEqualTo("/var/lib/valwatch");
    JsonNode stateVolume = volume("state");
    assertThat(stateVolume.at("/persistentVolumeClaim/claimName").asText())
        .isEqualTo(kind("PersistentVolumeClaim").at("/metadata/name").asText());
  }

  @Test
  void theConfigMapsConfigurationLoadsWithTheSecretsTheDeploymentProvides(@TempDir Path dir) throws IOException {
    JsonNode configMap = kind("ConfigMap");
    assertThat(volume("config").at("/configMap/name").asText()).isEqualTo(configMap.at("/metadata/name").asText());
    Path file = Files.writeString(dir.resolve("valwatch.yaml"), configMap.at("/data/valwatch.yaml").asText());

    // The container's environment as Kubernetes would set it, the Secret's sample values included.
    Map<String, String> environment = new HashMap<>();
    JsonNode secretData = kind("Secret").get("stringData");
    for (JsonNode env : container().get("env")) {
      String name = env.get("name").asText();
      JsonNode secretRef = env.at("/valueFrom/secretKeyRef");
      if (secretRef.isMissingNode()) {
        environment.put(name, env.get("value").asText());
      } else {
        assertThat(secretRef.get("name").asText()).isEqualTo(kind("Secret").at("/metadata/name").asText());
        assertThat(secretData.has(secretRef.get("key").asText())).as(name).isTrue();
        environment.put(name, secretData.get(secretRef.get("key").asText()).asText());
      }
    }
    ConfigLoader loader = new ConfigLoader(environment::get, Set.of(CosmosSdkPlugin.ID));

    ExporterConfig config = loader.load(file);

    assertThat(config.listen().port()).isEqualTo(ListenAddress.DEFAULT.port());
    assertThat(config.stateDirectory()).isEqualTo(Path.of(mountPath("state")));
    assertThat(config.chains()).isNotEmpty();
    assertThat(config.alerts().channels()).hasSize(2);
    // Without the Secret's variables the configuration is refused: every one of them is really used.
    assertThatThrownBy(() -> new ConfigLoader(name -> null, Set.of(CosmosSdkPlugin.ID)).load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable");
  }

  @Test
  void prometheusRuleIsTheOneTheBuildGeneratesFromTheShippedRules() throws IOException {
    Path generated = Path.of("target", "kubernetes", "prometheusrule.yaml");
    assertThat(examplesDir().resolve("prometheusrule.yaml"))
        .as("examples/kubernetes/prometheusrule.yaml must be watcher-exporter/%s as the build made it: copy it", generated)
        .hasSameTextualContentAs(generated);
    JsonNode rules = YAML.readTree(Path.of("..", "grafana", "alerts", "valwatch.rules.yml").toFile());
    assertThat(kind("PrometheusRule").at("/spec/groups")).isEqualTo(rules.get("groups"));
    assertThat(kind("PrometheusRule").at("/metadata/labels")).isEqualTo(kind("Service").at("/metadata/labels"));
  }

  @Test
  void deploymentRunsThePublishedImage() {
    assertThat(container().get("image").asText()).startsWith("ghcr.io/valwatch/valwatch:");
    assertThat(container().has("command")).as("the image's entry point runs valwatch").isFalse();
  }

  private static JsonNode kind(String kind) {
    return documents.stream().filter(d -> d.get("kind").asText().equals(kind)).findFirst().orElseThrow();
  }

  private static JsonNode container() {
    return kind("Deployment").at("/spec/template/spec/containers/0");
  }

  private static JsonNode volume(String name) {
    for (JsonNode volume : kind("Deployment").at("/spec/template/spec/volumes")) {
      if (volume.get("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static String mountPath(String volume) {
    for (JsonNode mount : container().get("volumeMounts")) {
      if (mount.get("name").asText().equals(volume)) {
        return mount.get("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of volume " + volume);
  }

  /** A port given by number or by the name of one of the container's ports, as a number. */
  private static int containerPort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode named : container.get("ports")) {
      if (named.get("name").asText().equals(port.asText())) {
        return named.get("containerPort").asInt();
      }
    }
    throw new AssertionError("the container has no port named " + port);
  }

  private static Path examplesDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples/kubernetes"))) {
        return dir.resolve("examples/kubernetes");
      }
    }
    throw new IllegalStateException("no examples/kubernetes above " + Path.of("").toAbsolutePath());
  }
}
