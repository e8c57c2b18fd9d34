package io.valwatch.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the distribution tarball as a user would and runs its launcher with no {@code java} on the
 * {@code PATH}: the runtime inside the tarball is all it may use.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DistributionIT {
  private static final String VERSION = System.getProperty("valwatch.version");
  private static final Pattern METRICS_URL = Pattern.compile("metrics: (http://\\S+/metrics)");

  @TempDir static Path unpacked;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("valwatch.tarball"));
    assertThat(tarball.getFileName().toString()).isEqualTo("valwatch-" + VERSION + "-linux-x64.tar.gz");
    Process tar =
        new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacked.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    home = unpacked.resolve("valwatch-" + VERSION);
  }

  @Test
  void holdsTheLauncherRuntimeConfigurationAndUnit() throws IOException {
    assertThat(home.resolve("bin/valwatch")).isExecutable();
    assertThat(home.resolve("runtime/bin/java")).isExecutable();
    assertThat(home.resolve("lib/valwatch-exporter.jar")).isRegularFile();
    assertThat(home.resolve("config/valwatch.yaml")).isRegularFile();
    assertThat(home.resolve("config/jvm.options")).hasSameTextualContentAs(Path.of("../watcher-exporter/jvm.options"));
    assertThat(home.resolve("systemd/valwatch.service")).content().contains("ExecStart=/opt/valwatch/bin/valwatch run");
    assertThat(home.resolve("LICENSE")).content().contains("Apache License");
    assertThat(home.resolve("NOTICE")).isRegularFile();
    assertThat(home.resolve("grafana/alerts/valwatch.rules.yml")).isRegularFile();
  }

  @Test
  void noticeNamesEveryArtifactTheExporterJarBundles() throws IOException {
    Path bundled = Path.of(System.getProperty("valwatch.root"), "watcher-exporter", "target", "bundled-artifacts.txt");
    List<String> artifacts =
        Files.readAllLines(bundled).stream()
            .map(String::strip)
            .filter(line -> line.split(":").length >= 5)
            .map(line -> line.split(":")[0] + ":" + line.split(":")[1])
            .toList();
    String notice = Files.readString(home.resolve("NOTICE"));

    assertThat(artifacts).hasSizeGreaterThan(20);
    assertThat(artifacts)
        .as("bundled by valwatch-exporter.jar but not named in NOTICE (add each with the license its POM declares)")
        .allMatch(notice::contains);
  }

  @Test
  void runtimeHoldsOnlyTheModulesValwatchNeeds() throws Exception {
    String modules = run(List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"), Map.of());
    assertThat(modules)
        .contains("java.base", "jdk.unsupported", "jdk.crypto.ec", "jdk.management")
        .doesNotContain("java.desktop", "jdk.compiler", "jdk.jshell", "java.sql.rowset");
  }

  @Test
  void validatesTheShippedConfiguration() throws Exception {
    String out =
        run(
            List.of(home.resolve("bin/valwatch").toString(), "config", "validate", home.resolve("config/valwatch.yaml").toString()),
            Map.of("COSMOS_RPC_KEY", "key"));
    assertThat(out).contains("valwatch.yaml: ok");
  }

  @Test
  void versionRunsWithoutJavaOnThePath() throws Exception {
    String out = run(List.of(home.resolve("bin/valwatch").toString(), "--version"), Map.of());
    assertThat(out).startsWith("valwatch " + VERSION);
  }

  @Test
  void launcherStartsTheJvmWithConfigJvmOptionsUnlessValwatchOptsIsSet() throws Exception {
    Path other = Files.createDirectories(unpacked.resolve("other-options/bin"));
    Files.copy(home.resolve("bin/valwatch"), other.resolve("valwatch"), StandardCopyOption.COPY_ATTRIBUTES);
    Path otherHome = other.getParent();
    Files.createSymbolicLink(otherHome.resolve("runtime"), home.resolve("runtime"));
    Files.createSymbolicLink(otherHome.resolve("lib"), home.resolve("lib"));
    Files.createDirectories(otherHome.resolve("config"));
    Files.writeString(otherHome.resolve("config/jvm.options"), "# a comment\n-Xmx77m -XshowSettings:vm # trailing\n");

    String fromFile = run(List.of(otherHome.resolve("bin/valwatch").toString(), "--version"), Map.of());
    assertThat(fromFile).contains("Max. Heap Size: 77.00M").contains("valwatch " + VERSION);
    String fromEnv =
        run(
            List.of(otherHome.resolve("bin/valwatch").toString(), "--version"),
            Map.of("VALWATCH_OPTS", "-Xmx66m -XshowSettings:vm"));
    assertThat(fromEnv).contains("Max. Heap Size: 66.00M").doesNotContain("77.00M");
  }

  @Test
  void launcherResolvesASymlinkToItself() throws Exception {
    Path link = unpacked.resolve("valwatch-link");
    Files.createSymbolicLink(link, home.resolve("bin/valwatch"));
    // readlink is the one tool the launcher calls, and only for a symbolic link.
    Path tools = Files.createDirectories(unpacked.resolve("tools"));
    Files.createSymbolicLink(tools.resolve("readlink"), Path.of("/usr/bin/readlink"));
    String out = run(List.of(link.toString(), "--version"), Map.of("PATH", tools.toString()));
    assertThat(out).startsWith("valwatch " + VERSION);
  }

  @Test
  void demoServesItsFirstMetrics() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(home.resolve("bin/valwatch").toString(), "demo", "--listen", "127.0.0.1:0")
            .redirectErrorStream(true);
    withoutJava(builder, Map.of());
    Process demo = builder.start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      URI metrics = null;
      for (String line; metrics == null && (line = out.readLine()) != null; ) {
        Matcher m = METRICS_URL.matcher(line);
        if (m.find()) {
          metrics = URI.create(m.group(1));
        }
      }
      assertThat(metrics).as("the demo prints where its metrics are").isNotNull();
      String body = firstMetricsWithBlocks(metrics);
      assertThat(body).contains("valwatch_build_info{").contains("version=\"" + VERSION + "\"");
      assertThat(body).contains("valwatch_validator_signed_blocks_total{");
      HttpResponse<String> status =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(metrics.resolve("/api/v1/status")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("\"chain_id\":\"valwatch-demo-1\"");
      assertThat(containerHealthCheck(metrics.getPort())).as("the image's HEALTHCHECK passes").isZero();
      demo.destroy();
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
      assertThat(containerHealthCheck(metrics.getPort())).as("the HEALTHCHECK fails when nothing answers").isNotZero();
    } finally {
      demo.destroy();
    }
  }

  /** Runs the Dockerfile's HEALTHCHECK command as the container would, against {@code port} instead of 9300. */
  private static int containerHealthCheck(int port) throws Exception {
    List<String> command = new ArrayList<>();
    JsonNode cmd = new ObjectMapper().readTree(Dockerfile.read().arguments("HEALTHCHECK").replaceFirst("(?s)^.*?CMD ", ""));
    cmd.forEach(arg -> command.add(arg.asText().replace("/9300", "/" + port)));
    Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
    check.getInputStream().readAllBytes();
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return check.exitValue();
  }

  /** Polls until the watcher has counted a block, so the scrape shows what the demo watches. */
  private static String firstMetricsWithBlocks(URI metrics) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    String body = "";
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      body = response.body();
      if (body.contains("valwatch_validator_signed_blocks_total{")) {
        return body;
      }
      Thread.sleep(500);
    }
    return body;
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    withoutJava(builder, env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  /** An environment with no JDK: no java on the PATH, no JAVA_HOME, nothing from the build's JVM. */
  private static void withoutJava(ProcessBuilder builder, Map<String, String> env) {
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("JAVA") || k.startsWith("JDK") || k.equals("CLASSPATH"));
    environment.put("PATH", unpacked.resolve("no-java-here").toString());
    environment.putAll(env);
    String path = environment.get("PATH");
    assertThat(Stream.of(path.split(":")).map(p -> Path.of(p, "java")))
        .as("java is not on the PATH")
        .noneMatch(Files::exists);
  }
}
