package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** YAML that the tree model would get silently wrong, or slowly: refused at once with the line. */
class YamlEdgesTest {
  private static final String CHAIN = "chains:\n  - id: osmosis-1\n    rpc: [https://rpc.osmosis.example]\n";

  private final Map<String, String> env = new HashMap<>();
  private final ConfigLoader loader = new ConfigLoader(env::get, Set.of("cosmos-sdk"));

  private ConfigException failure(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "valwatch.yaml"));
    assertThat(e).as("expected the configuration to be refused").isNotNull();
    return e;
  }

  @Test
  void anAliasIsRefusedRatherThanReadAsTheAnchorsName() {
    ConfigException e =
        failure(
            """
            chains:
              - id: &hub cosmoshub-4
                rpc: [https://rpc.cosmos.example]
              - id: osmosis-1
                rpc: [https://rpc.osmosis.example]
                validators:
                  - address: *hub
            """);

    assertThat(e.getMessage())
        .isEqualTo(
            "valwatch.yaml:7: chains[1].validators[0].address: YAML aliases such as *hub are not supported; write the"
                + " value out");
  }

  @Test
  void aMergeKeyAliasIsRefusedToo() {
    ConfigException e =
        failure(
            """
            defaults: &defaults
              poll_interval: 5s
            chains:
              - <<: *defaults
                id: osmosis-1
                rpc: [https://rpc.osmosis.example]
            """);

    assertThat(e.getMessage()).contains("valwatch.yaml:4: ").contains("YAML aliases such as *defaults are not supported");
  }

  @Test
  void anAnchorWithoutAliasIsHarmless() {
    assertThat(loader.parse(CHAIN.replace("id: osmosis-1", "id: &o osmosis-1"), "valwatch.yaml").chains())
        .hasSize(1);
  }

  @Test
  void aSecondDocumentIsRefused() {
    ConfigException e = failure("---\n" + CHAIN + "---\nlisten: 0.0.0.0:9400\n");

    assertThat(e.getMessage())
        .isEqualTo(
            "valwatch.yaml:6: a second YAML document starts here; a configuration file holds one document (remove"
                + " the '---' and what follows it)");
  }

  @Test
  @Timeout(10)
  void aHugeFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    byte[] line = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("listen: \"".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 50; i++) {
        out.write(line);
      }
      out.write("\"\n".getBytes(StandardCharsets.US_ASCII));
    }
    long start = System.nanoTime();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.getMessage()).isEqualTo(file + ": the file holds 52428811 bytes; a configuration may hold at most 1024 KiB");
  }

  @Test
  @Timeout(60)
  void aOneLineFileJustUnderTheLimitIsRead(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("long.yaml");
    Files.writeString(file, CHAIN + "state_dir: \"" + "d".repeat(ConfigLoader.MAX_FILE_SIZE - 200) + "\"\n");

    ExporterConfig config = loader.load(file);

    assertThat(config.stateDirectory().toString()).hasSize(ConfigLoader.MAX_FILE_SIZE - 200);
  }

  @Test
  void deeplyNestedValuesAreRefused() {
    String nested = "[".repeat(200) + "]".repeat(200);

    ConfigException e = failure("listen: " + nested + "\n" + CHAIN);

    assertThat(e.getMessage()).startsWith("valwatch.yaml: not valid YAML: Document nesting depth (65) exceeds");
  }

  @Test
  void aDefaultAfterColonDashReplacesAnEmptyValueAsAShellDoes() {
    env.put("EMPTY", "");
    env.put("SET", "/var/lib/set");

    assertThat(stateDir("${EMPTY:-/fallback}")).isEqualTo("/fallback");
    assertThat(stateDir("${UNSET:-/fallback}")).isEqualTo("/fallback");
    assertThat(stateDir("${SET:-/fallback}")).isEqualTo("/var/lib/set");
    assertThat(stateDir("/x${EMPTY-/fallback}")).isEqualTo("/x");
    assertThat(stateDir("${UNSET-/fallback}")).isEqualTo("/fallback");
    assertThat(stateDir("${SET-/fallback}")).isEqualTo("/var/lib/set");
  }

  private String stateDir(String value) {
    return loader.parse(CHAIN + "state_dir: \"" + value + "\"\n", "valwatch.yaml").stateDirectory().toString();
  }
}
