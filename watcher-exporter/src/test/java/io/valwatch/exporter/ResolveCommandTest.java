package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.identity.Bech32;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ResolveCommandTest {
  private static SimnetServer node;
  private static ChainTruth truth;

  @BeforeAll
  static void startChain() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("resolve-1")
            .bech32Prefix("osmo")
            .signedBlocksWindow(10)
            .minSignedPerWindow("0.5")
            .validator("Alpha", 5_000_000_000L)
            .secp256k1Validator("Beta", 4_000_000_000L)
            .validator("Gamma", 3_000_000_000L)
            .offline("Gamma", 1, 1_000)
            .build();
    chain.produceBlocks(30);
    truth = chain.truth();
    node = SimnetServer.start(chain);
  }

  @AfterAll
  static void stopChain() {
    node.close();
  }

  private static JsonNode resolveJson(String identity) throws Exception {
    CliRun run = CliRun.of("resolve", identity, "--rpc", node.url(), "--output", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  void everyFormOfAnEd25519ValidatorLeadsToTheSameIdentity() throws Exception {
    ValidatorTruth alpha = truth.validator("Alpha");
    byte[] key = Base64.getDecoder().decode(alpha.pubKeyBase64());
    List<String> inputs =
        List.of(
            alpha.operatorAddress(),
            alpha.consensusAddress(),
            alpha.consensusAddressHex(),
            alpha.consensusAddressHex().toLowerCase(),
            alpha.pubKeyBase64(),
            "Mp" + HexFormat.of().formatHex(key));
    for (String input : inputs) {
      JsonNode resolved = resolveJson(input);
      assertThat(resolved.get("chain_id").asText()).isEqualTo("resolve-1");
      assertMatches(resolved, alpha);
      assertThat(resolved.get("consensus_pubkey_type").asText()).as(input).isEqualTo("/cosmos.crypto.ed25519.PubKey");
      assertThat(resolved.get("minter_public_key").asText()).as(input).isEqualTo("Mp" + HexFormat.of().formatHex(key));
    }
  }

  @Test
  void aSecp256k1ValidatorHasNoMinterForm() throws Exception {
    ValidatorTruth beta = truth.validator("Beta");
    JsonNode resolved = resolveJson(beta.consensusAddress());
    assertMatches(resolved, beta);
    assertThat(resolved.get("consensus_pubkey_type").asText()).isEqualTo("/cosmos.crypto.secp256k1.PubKey");
    assertThat(resolved.get("minter_public_key").isNull()).isTrue();
  }

  @Test
  void aJailedValidatorShowsItsStatusAndMisses() throws Exception {
    ValidatorTruth gamma = truth.validator("Gamma");
    assertThat(gamma.jailed()).isTrue();
    JsonNode resolved = resolveJson(gamma.operatorAddress());
    assertMatches(resolved, gamma);
    assertThat(resolved.get("status").asText()).isNotEqualTo("bonded");
  }

  @Test
  void resolveLogsNoInfoLinesByDefault() {
    ValidatorTruth alpha = truth.validator("Alpha");

    StderrCapture.Captured<CliRun> captured =
        StderrCapture.of(() -> CliRun.of("resolve", alpha.consensusAddressHex(), "--rpc", node.url()));

    assertThat(captured.result().exitCode()).as(captured.result().err()).isZero();
    assertThat(captured.stderr()).doesNotContain(" INFO ");
    assertThat(CliRun.of("resolve", "--help").out()).contains("Default: WARN");
  }

  @Test
  void tableOutputAlignsEveryForm() {
    ValidatorTruth alpha = truth.validator("Alpha");
    CliRun run = CliRun.of("resolve", alpha.consensusAddressHex(), "--rpc", node.url());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^operator address +" + alpha.operatorAddress() + "$")
        .containsPattern("(?m)^account address +" + accountOf(alpha) + "$")
        .containsPattern("(?m)^consensus address +" + alpha.consensusAddress() + "$")
        .containsPattern("(?m)^consensus address hex +" + alpha.consensusAddressHex() + "$")
        .containsPattern("(?m)^moniker +Alpha$")
        .containsPattern("(?m)^status +bonded$");
    assertThat(run.out().lines().filter(line -> !line.isEmpty()).map(ResolveCommandTest::valueColumn).distinct())
        .hasSize(1);
  }

  @Test
  void theAccountPrefixCanBeGiven() throws Exception {
    ValidatorTruth alpha = truth.validator("Alpha");
    CliRun run = CliRun.of("resolve", alpha.operatorAddress(), "--rpc", node.url(), "--prefix", "cosmos", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode resolved = new ObjectMapper().readTree(run.out());
    byte[] operatorBytes = Bech32.decode(alpha.operatorAddress()).data();
    assertThat(resolved.get("account_address").asText()).isEqualTo(Bech32.encode("cosmos", operatorBytes));
    assertThat(resolved.get("consensus_address").asText()).startsWith("cosmosvalcons1");
  }

  @Test
  void anUnknownValidatorExitsWithOne() {
    CliRun run = CliRun.of("resolve", "00".repeat(20), "--rpc", node.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("chain resolve-1 knows no validator '" + "00".repeat(20) + "'");
  }

  @Test
  void somethingThatIsNoIdentityIsAUsageError() {
    CliRun run = CliRun.of("resolve", "not-an-address", "--rpc", node.url());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'not-an-address' is not a validator identity");
  }

  private static void assertMatches(JsonNode resolved, ValidatorTruth expected) {
    String as = expected.name();
    assertThat(resolved.get("operator_address").asText()).as(as).isEqualTo(expected.operatorAddress());
    assertThat(resolved.get("account_address").asText()).as(as).isEqualTo(accountOf(expected));
    assertThat(resolved.get("consensus_address").asText()).as(as).isEqualTo(expected.consensusAddress());
    assertThat(resolved.get("consensus_address_hex").asText()).as(as).isEqualTo(expected.consensusAddressHex());
    assertThat(resolved.get("consensus_pubkey").asText()).as(as).isEqualTo(expected.pubKeyBase64());
    assertThat(resolved.get("moniker").asText()).as(as).isEqualTo(expected.name());
    assertThat(resolved.get("jailed").asBoolean()).as(as).isEqualTo(expected.jailed());
    assertThat(resolved.get("tombstoned").asBoolean()).as(as).isEqualTo(expected.tombstoned());
    assertThat(resolved.get("tokens").asText()).as(as).isEqualTo(Long.toString(expected.tokens()));
    assertThat(resolved.get("missed_blocks_counter").asLong()).as(as).isEqualTo(expected.missedBlocksCounter());
    assertThat(resolved.get("status").asText()).as(as).isEqualTo(expected.status().name().toLowerCase(Locale.ROOT));
  }

  /** The simulator's operator address bytes under the account prefix {@code osmo}. */
  private static String accountOf(ValidatorTruth v) {
    return Bech32.encode("osmo", Bech32.decode(v.operatorAddress()).data());
  }

  private static int valueColumn(String line) {
    int column = line.indexOf("  ");
    while (column < line.length() && line.charAt(column) == ' ') {
      column++;
    }
    return column;
  }
}
