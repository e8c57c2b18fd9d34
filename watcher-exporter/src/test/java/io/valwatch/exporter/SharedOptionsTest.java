package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config} and {@code --output} mean the same in every command that takes them. */
class SharedOptionsTest {
  @TempDir Path dir;

  @Test
  void checkWithoutConfigIsAUsageError() {
    CliRun run = CliRun.of("check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--config=<file>'");
  }

  @Test
  void anUnknownOutputFormatIsTheSameUsageErrorInCheckAndResolve() throws Exception {
    Path config = Files.writeString(dir.resolve("valwatch.yaml"), "chains: []\n");

    CliRun check = CliRun.of("check", "--config", config.toString(), "--output", "yaml");
    CliRun resolve = CliRun.of("resolve", "cosmosvalcons1x", "--rpc", "http://127.0.0.1:1", "-o", "yaml");

    for (CliRun run : new CliRun[] {check, resolve}) {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("expected table or json, got 'yaml'");
    }
  }

  @Test
  void everyCommandDescribesTheSharedOptionsAlike() {
    String config = "-c, --config=<file>\\s+The YAML configuration file\\.";
    String output = "-o, --output=<format>\\s+table \\(aligned text\\) or json\\. Default: table\\.";

    assertThat(CliRun.of("run", "--help").out()).containsPattern(config);
    assertThat(CliRun.of("check", "--help").out()).containsPattern(config).containsPattern(output);
    assertThat(CliRun.of("resolve", "--help").out()).containsPattern(output);
  }
}
