package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidateCommandTest {
  @TempDir Path dir;

  @Test
  void aValidFileIsOkWithItsChainsAndValidatorsCounted() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                validators:
                  - AABBCCDDEEFF00112233445566778899AABBCCDD
                  - {address: 00112233445566778899AABBCCDDEEFF00112233, label: backup}
              - id: osmosis-1
                plugin: cosmos-sdk
                rpc: [https://rpc.osmosis.example]
                validators: [8899AABBCCDDEEFF00112233445566778899AABB]
            """);

    CliRun run = CliRun.of("config", "validate", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(file + ": ok (2 chains, 3 validators)" + System.lineSeparator());
  }

  @Test
  void anUnknownKeyIsNamedWithFileLineAndKeyPath() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                pol_interval: 5s
            """);

    CliRun run = CliRun.of("config", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(file + ":4: chains[0].pol_interval: unknown key 'pol_interval'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void everyErrorIsPrintedOnItsOwnLineInLineOrder() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                poll_interval: often
              - id: osmosis-1
                rpc: [https://rpc.osmosis.example]
                risk:
                  stall_factor: -1
            alerts:
              channels:
                - name: ops
                  type: carrier-pigeon
            """);

    CliRun run = CliRun.of("config", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            file + ":4: chains[0].poll_interval: expected a duration such as 500ms, 2s, 1m30s or 1h, got 'often'",
            file + ":8: chains[1].risk.stall_factor: expected a number of block intervals above 0, such as 5, got -1.0",
            file + ":12: alerts.channels[0].type: unknown channel type 'carrier-pigeon'; expected one of: "
                + "webhook, slack, discord, telegram, pagerduty, alertmanager");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aPluginThatIsNotInstalledIsAnError() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                plugin: no-such-plugin
            """);

    CliRun run = CliRun.of("config", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(file + ":4: chains[0].plugin: no chain plugin 'no-such-plugin' is installed");
  }

  @Test
  void aMissingFileIsAnError() {
    Path file = dir.resolve("absent.yaml");

    CliRun run = CliRun.of("config", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(file + ": cannot read the file");
  }

  @Test
  void configWithoutASubcommandShowsUsage() {
    CliRun run = CliRun.of("config");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: valwatch config", "validate");
  }
}
