package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A clean stop with SIGTERM exits with 0, as docs/configuration.md says and systemd's unit expects. */
@Timeout(120)
class SigtermExitTest {
  @Test
  void sigtermStopsTheExporterWithExitCodeZero(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("valwatch.yaml");
    Files.writeString(config, "listen: 127.0.0.1:0\nchains:\n  - id: cosmoshub-4\n    rpc: [http://127.0.0.1:1]\n");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "run",
                    "--config",
                    config.toString(),
                    "--log-level",
                    "ERROR"))
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.contains("metrics on http://"));
      assertThat(line).as("the exporter started").isNotNull();

      process.destroy();

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }
}
