package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardSectionTest {
  private static final String KEY = "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31c";
  /** A SetCandidateOffline signed by Minter's Go SDK (transaction/set_candidate_off_example_test.go). */
  private static final String TX = "0xf872010201010ba2e1a00eb98ea04ae466d8d38f490db3c99b3996a90e24243952ce9822"
      + "c6dc1e2c1a43808001b845f8431ca09c65f9b35430a5bcb64dc132f8167abbf878bf29ca2ad146a38a910d7b3dd70fa0706248"
      + "027a98d2f54e78ab0ab9378b0d134d7e20be04a10c8836b8911c30f41f";
  private final ConfigLoader loader = new ConfigLoader(Map.of("MINTER_OFF_TX", TX)::get, Set.of("minter", "cosmos-sdk"));

  private static String config(String plugin, String address, String guard, boolean stateDir) {
    return (stateDir ? "state_dir: /var/lib/valwatch\n" : "") + """
        chains:
          - id: minter-mainnet-5
            plugin: %s
            rpc: [http://127.0.0.1:8843/v2]
            validators:
              - address: %s
                guard: %s
        """.formatted(plugin, address, guard);
  }

  private String problem(String yaml) {
    return catchThrowableOfType(() -> loader.parse(yaml, "valwatch.yaml"), ConfigException.class).getMessage();
  }

  @Test
  void readsTheGuardWithItsDefaultsAndTheTransactionFromTheEnvironment() {
    ExporterConfig config = loader.parse(config("minter", KEY, "{tx: \"${MINTER_OFF_TX}\"}", true), "valwatch.yaml");

    assertThat(config.guards()).singleElement().satisfies(g -> {
      assertThat(g.chainId()).isEqualTo("minter-mainnet-5");
      assertThat(g.validator()).isEqualTo(KEY);
      assertThat(g.transaction()).isEqualTo(TX);
      assertThat(g.missed()).isEqualTo(4);
      assertThat(g.of()).isEqualTo(24);
      assertThat(g.checkInterval()).isEqualTo(Duration.ofMinutes(5));
      assertThat(g.toString()).doesNotContain(TX.substring(2));
    });
    assertThat(config.withListen(config.listen()).guards()).hasSize(1);
  }

  @Test
  void refusesWhatCannotGuardAndNeverShowsTheTransaction() {
    assertThat(problem(config("minter", KEY, "{tx: \"${MINTER_OFF_TX}\"}", false)))
        .contains("state_dir", "restart could broadcast");
    assertThat(problem(config("cosmos-sdk", KEY, "{tx: \"${MINTER_OFF_TX}\"}", true))).contains("for Minter validators");
    assertThat(problem(config("minter", "F5B0B52F4DAF2D5B7CB5CF7A4E3EA5A62E4C4C5B", "{tx: \"${MINTER_OFF_TX}\"}", true)))
        .contains("Minter public key");
    assertThat(problem(config("minter", KEY, "{tx: \"${MINTER_OFF_TX}\", tx_file: off.tx}", true)))
        .contains("'tx' or as 'tx_file', one of them");
    assertThat(problem(config("minter", KEY, "{tx: \"${MINTER_OFF_TX}\", missed: 13}", true))).contains("missed");
    assertThat(problem(config("minter", KEY, "{tx: \"${MINTER_OFF_TX}\", missed: 6, of: 5}", true)))
        .contains("at least 'missed' (6)");
    String notATransaction = problem(config("minter", KEY, "{tx: f872secretsecret}", true));
    assertThat(notATransaction).contains("does not start with 0x").doesNotContain("secretsecret");
    String unquoted = problem(config("minter", KEY, "{tx: " + TX + "}", true));
    assertThat(unquoted).contains("must be a string").doesNotContain(TX.substring(2, 40))
        .doesNotContain(new java.math.BigInteger(TX.substring(2), 16).toString().substring(0, 30));
    String truncated = problem(config("minter", KEY, "{tx: '" + TX.substring(0, 60) + "'}", true));
    assertThat(truncated).contains("is not usable: the transaction is not a Minter transaction")
        .doesNotContain(TX.substring(10, 60));
    assertThat(problem(config("minter", KEY, "{tx_file: /nonexistent/off.tx}", true))).contains("cannot be read");
  }
}
