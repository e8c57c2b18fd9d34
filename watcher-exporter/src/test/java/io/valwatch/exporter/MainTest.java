package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpListsTheCommands() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("valwatch", "run", "demo", "--help", "--version");
  }

  @Test
  void runHelpExplainsEveryOption() {
    assertThat(execute("run", "--help")).isZero();
    assertThat(out.toString())
        .contains("--config=<file>", "--listen, --http-addr=<host:port>", "--state-dir=<dir>", "--log-level=<level>")
        .contains("--plugins-dir=<dir>", "--node=<url>", "--validator=<addr[:label]>", "--compat=<exporter>")
        .contains("--web-config=<file>", "127.0.0.1:9300")
        .contains("--help", "--version")
        .contains("ERROR, WARN, INFO, DEBUG, TRACE");
  }

  @Test
  void demoHelpExplainsEveryOption() {
    assertThat(execute("demo", "--help")).isZero();
    assertThat(out.toString())
        .contains("--listen=<host:port>", "--state-dir=<dir>", "--log-level=<level>", "--plugins-dir=<dir>", "127.0.0.1:9300");
  }

  @Test
  void versionPrintsTheVersion() {
    assertThat(execute("--version")).isZero();
    assertThat(out.toString())
        .startsWith("valwatch ")
        .containsPattern("\ncommit [0-9a-f]{12}\n")
        .containsPattern("\nbuilt \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n")
        .doesNotContain("unknown");
  }

  @Test
  void aBadConfigurationExitsWithTwoNamingTheFileAndKey(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("valwatch.yaml");
    Files.writeString(
        config,
        """
        chains:
          - id: cosmoshub-4
            rpc: [https://rpc.cosmos.example]
            poll_interval: soon
        """);

    assertThat(execute("run", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(config + ":4: chains[0].poll_interval: expected a duration")
        .doesNotContain("Exception");
  }

  @Test
  void aTakenPortIsOneLineThatSaysWhatToDo(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("valwatch.yaml");
    Files.writeString(config, "chains:\n  - id: cosmoshub-4\n    rpc: [http://127.0.0.1:1]\n");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int exitCode = execute("run", "--config", config.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());

      assertThat(exitCode).isEqualTo(1);
      assertThat(err.toString())
          .isEqualTo(
              "valwatch: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is already in use (another"
                  + " valwatch?); stop that process or choose another address with --listen or 'listen' in the"
                  + " configuration" + System.lineSeparator());
    }
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(execute("run")).isEqualTo(2);
    assertThat(err.toString()).contains("give --config <file>, or --node <url>");
  }

  @Test
  void aBadListenAddressIsAUsageError() {
    assertThat(execute("run", "--config", "x.yaml", "--listen", "9300")).isEqualTo(2);
    assertThat(err.toString()).contains("--listen").contains("expected host:port");
  }

  @Test
  void noCommandShowsUsageAndExitsWithTwo() {
    assertThat(execute()).isEqualTo(2);
    assertThat(err.toString()).contains("Usage: valwatch");
  }
}
