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
  void addressesThatAreNoValidatorIdentityAreErrorsWithTheirLines() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                validators:
                  - hello-not-an-address
                  - cosmosvaloper1...
                  - {address: %s, label: typo}
                  - %s
            """
                .formatted(CheckCommandTest.BAD_CHECKSUM, CheckCommandTest.VALID_OPERATOR));

    CliRun run = CliRun.of("config", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .hasSize(3)
        .satisfiesExactly(
            line -> assertThat(line).startsWith(file + ":5: chains[0].validators[0]: 'hello-not-an-address' is not a validator identity"),
            line -> assertThat(line).startsWith(file + ":6: chains[0].validators[1]: 'cosmosvaloper1...' is not a validator identity"),
            line -> assertThat(line).startsWith(file + ":7: chains[0].validators[2].address: '" + CheckCommandTest.BAD_CHECKSUM + "' is not a validator identity").contains("checksum"));
  }

  @Test
  void validateLogsNoInfoLinesByDefault() throws Exception {
    Path file = Files.writeString(dir.resolve("valwatch.yaml"), "chains:\n  - id: a-1\n    rpc: [http://127.0.0.1:1]\n");

    StderrCapture.Captured<CliRun> quiet = StderrCapture.of(() -> CliRun.of("config", "validate", file.toString()));
    StderrCapture.Captured<CliRun> verbose =
        StderrCapture.of(() -> CliRun.of("config", "validate", "--log-level", "INFO", file.toString()));

    assertThat(quiet.result().exitCode()).isZero();
    assertThat(quiet.stderr()).doesNotContain(" INFO ");
    assertThat(verbose.stderr()).contains(" INFO ").contains("Chain plugin 'cosmos-sdk'");
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
