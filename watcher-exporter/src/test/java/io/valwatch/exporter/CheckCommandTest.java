package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.identity.Bech32;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CheckCommandTest {
  /** An operator address of the simulated chains, checksum included. */
  static final String VALID_OPERATOR = "cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk";
  /** The same address with its last character changed: its bech32 checksum fails. */
  static final String BAD_CHECKSUM = "cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnq";

  @TempDir Path dir;

  @Test
  void aValidatorWhoseAddressHasABadChecksumIsAnErrorNotLeftOut() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            "chains:\n  - id: check-1\n    rpc: [http://127.0.0.1:1]\n    validators:\n      - " + BAD_CHECKSUM + "\n");

    CliRun run = CliRun.of("check", "--config", config.toString(), "--timeout", "1s");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("chains[0].validators[0]: '" + BAD_CHECKSUM + "' is not a validator identity");
    assertThat(run.out()).doesNotContain("0 at risk");
  }

  @Test
  void anUnreachableRpcIsNamedAndItsValidatorIsNotReportedOk() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            "chains:\n  - id: check-1\n    rpc: [http://127.0.0.1:1]\n    validators:\n      - " + VALID_OPERATOR + "\n");

    StderrCapture.Captured<CliRun> captured =
        StderrCapture.of(() -> CliRun.of("check", "--config", config.toString(), "--timeout", "3s"));
    CliRun run = captured.result();

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.out())
        .containsPattern("(?m)^check-1 +" + VALID_OPERATOR + " .* unknown *$")
        .contains("UNREADABLE check-1: no height could be processed; endpoints unreachable or failing: ")
        .contains("127.0.0.1:1")
        .contains("AT RISK check-1 " + VALID_OPERATOR + ": not checked: the chain could not be read")
        .doesNotContainPattern("(?m) ok *$");
    assertThat(captured.stderr())
        .contains("chain check-1: its RPC endpoints are unreachable")
        .doesNotContain("no installed plugin recognises");
  }

  @Test
  void helpStatesTheRealLogLevelDefault() {
    CliRun run = CliRun.of("check", "--help");

    assertThat(run.out()).contains("Default: WARN").doesNotContain("Default: INFO");
  }

  private static SimulatedChain.Builder threeValidators() {
    return SimulatedChain.builder()
        .chainId("check-1")
        .signedBlocksWindow(10)
        .minSignedPerWindow("0.5")
        .validator("Alpha", 5_000_000_000L)
        .validator("Beta", 4_000_000_000L)
        .validator("Gamma", 3_000_000_000L);
  }

  private Path config(SimnetServer node, ChainTruth truth) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            chains:
              - id: check-1
                rpc: [%s]
                poll_interval: 200ms
                staking_refresh_interval: 1s
                start_height: 1
                denom: ATOM
                exponent: 6
                validators:
            """
                .formatted(node.url()));
    for (String name : List.of("Alpha", "Beta", "Gamma")) {
      yaml.append("      - {address: ").append(truth.validator(name).operatorAddress()).append(", label: ")
          .append(name.toLowerCase()).append("-node}\n");
    }
    return Files.writeString(dir.resolve("valwatch.yaml"), yaml.toString());
  }

  @Test
  void healthyValidatorsPrintOneRowEachAndExitWithZero() throws Exception {
    SimulatedChain chain = threeValidators().build();
    chain.produceBlocks(20);
    ChainTruth truth = chain.truth();
    try (SimnetServer node = SimnetServer.start(chain)) {
      // Window 10 tolerates only 5 misses: below the default threshold of 10, so it is lowered.
      CliRun run =
          CliRun.of("check", "--config", config(node, truth).toString(), "--timeout", "60s", "--min-blocks-until-penalty", "3");

      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).containsPattern("(?m)^CHAIN +MONIKER +LABEL +STATUS +SEEN SIGNED/MISSED +MISSED IN WINDOW +UNTIL PENALTY +RANK +STAKE +RISK$");
      // Window 10 with min_signed_per_window 0.5 tolerates 5 misses; none happened.
      assertThat(run.out()).containsPattern(row("Alpha", "alpha-node", "bonded", "0 of 10", "5", "1", "5000 ATOM", "ok"));
      assertThat(run.out()).containsPattern(row("Beta", "beta-node", "bonded", "0 of 10", "5", "2", "4000 ATOM", "ok"));
      assertThat(run.out()).containsPattern(row("Gamma", "gamma-node", "bonded", "0 of 10", "5", "3", "3000 ATOM", "ok"));
      assertThat(run.out()).contains("1 chain(s), 3 validator(s): 0 at risk, 0 chain(s) unreadable").doesNotContain("AT RISK");
    }
  }

  @Test
  void aJailedValidatorExitsWithOneAndIsNamed() throws Exception {
    SimulatedChain chain = threeValidators().offline("Gamma", 1, 1_000).build();
    chain.produceBlocks(30);
    ChainTruth truth = chain.truth();
    assertThat(truth.validator("Gamma").jailed()).isTrue();
    try (SimnetServer node = SimnetServer.start(chain)) {
      CliRun run = CliRun.of("check", "--config", config(node, truth).toString(), "--min-blocks-until-penalty", "3");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out())
          .as("a jailed validator has no misses left to count: blocks until the penalty are unknown")
          .containsPattern("(?m)^check-1 +Gamma +gamma-node +jailed +\\d+/\\d+ +\\d+ of 10 +- +- +")
          .contains("AT RISK check-1 " + truth.validator("Gamma").operatorAddress() + " (Gamma): jailed")
          .contains("3 validator(s): 1 at risk");
    }
  }

  @Test
  void jsonOutputParsesAndCarriesEveryValidator() throws Exception {
    SimulatedChain chain = threeValidators().offline("Gamma", 1, 1_000).build();
    chain.produceBlocks(30);
    ChainTruth truth = chain.truth();
    try (SimnetServer node = SimnetServer.start(chain)) {
      CliRun run =
          CliRun.of("check", "--config", config(node, truth).toString(), "--output", "json", "--min-blocks-until-penalty", "3");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      JsonNode report = new ObjectMapper().readTree(run.out());
      assertThat(report.get("exit_code").asInt()).isEqualTo(1);
      JsonNode chainNode = report.get("chains").get(0);
      assertThat(chainNode.get("chain_id").asText()).isEqualTo("check-1");
      assertThat(chainNode.get("readable").asBoolean()).isTrue();
      assertThat(chainNode.get("staking_read").asBoolean()).isTrue();
      JsonNode validators = chainNode.get("validators");
      assertThat(validators).hasSize(3);
      for (JsonNode v : validators) {
        String name = v.get("moniker").asText();
        assertThat(v.get("address").asText()).isEqualTo(truth.validator(name).operatorAddress());
        assertThat(v.get("label").asText()).isEqualTo(name.toLowerCase() + "-node");
        assertThat(v.get("chain_missed").asLong()).isEqualTo(truth.validator(name).missedBlocksCounter());
        assertThat(v.get("at_risk").asBoolean()).isEqualTo(name.equals("Gamma"));
        assertThat(v.get("status").asText()).isEqualTo(name.equals("Gamma") ? "jailed" : "bonded");
        JsonNode untilPenalty = v.get("blocks_until_penalty");
        if (name.equals("Gamma")) {
          assertThat(untilPenalty.isNull()).as("blocks until the penalty of a jailed validator").isTrue();
        } else {
          assertThat(untilPenalty.asLong()).isEqualTo(5 - truth.validator(name).missedBlocksCounter());
        }
        assertThat(v.get("blocks_until_jail")).as("the former name").isEqualTo(untilPenalty);
      }
    }
  }

  @Test
  void fewerMissesLeftThanTheThresholdIsARisk() throws Exception {
    SimulatedChain chain = threeValidators().build();
    chain.produceBlocks(20);
    ChainTruth truth = chain.truth();
    try (SimnetServer node = SimnetServer.start(chain)) {
      // The option's former name still works.
      CliRun run = CliRun.of("check", "--config", config(node, truth).toString(), "--min-blocks-until-jail", "6");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out())
          .contains("AT RISK check-1 " + truth.validator("Alpha").operatorAddress()
              + " (Alpha): only 5 misses left before the liveness penalty")
          .contains("3 validator(s): 3 at risk");
    }
  }

  @Test
  void aChainThatCannotBeReadExitsWithThree() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("valwatch.yaml"),
            """
            chains:
              - id: gone-1
                rpc: [http://127.0.0.1:%d]
                validators: [%s]
            """
                .formatted(closedPort, Bech32.encode("cosmosvaloper", new byte[20])));

    CliRun run = CliRun.of("check", "--config", config.toString(), "--timeout", "1s");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.out()).contains("UNREADABLE gone-1: no height could be processed");
  }

  @Test
  void aConfigurationErrorExitsWithTwo() throws Exception {
    Path config = Files.writeString(dir.resolve("bad.yaml"), "chains:\n  - id: x\n");

    CliRun run = CliRun.of("check", "--config", config.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(config + ":2: chains[0].rpc: is required");
  }

  private static String row(
      String moniker, String label, String status, String missed, String untilPenalty, String rank, String stake, String risk) {
    return "(?m)^check-1 +" + moniker + " +" + label + " +" + status + " +\\d+/0 +" + Pattern.quote(missed) + " +"
        + untilPenalty + " +" + rank + " +" + Pattern.quote(stake) + " +" + risk + "$";
  }
}
