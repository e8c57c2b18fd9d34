package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardSectionTest {
  private static final String KEY = "Mp2ed88754b09c13ea05208d2fa4897d99f9060e693d0693e0d5e524bca9cee31c";
  private static final String TX = "0xf872010201010ba2e1a0deadbeefcafe0011";
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
    assertThat(notATransaction).contains("must start with 0x").doesNotContain("secretsecret");
    assertThat(problem(config("minter", KEY, "{tx_file: /nonexistent/off.tx}", true))).contains("cannot be read");
  }
}
