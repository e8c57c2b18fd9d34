package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompatSectionTest {
  private static final String CHAIN =
      """
      chains:
        - id: cosmoshub-4
          rpc: [https://rpc.cosmos.example]
      """;

  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get, Set.of("cosmos-sdk"));

  private ExporterConfig parse(String yaml) {
    return loader.parse(CHAIN + yaml, "valwatch.yaml");
  }

  private String problems(String yaml) {
    return catchThrowableOfType(() -> parse(yaml), ConfigException.class).getMessage();
  }

  @Test
  void kilnIsOffUnlessListed() {
    assertThat(parse("").kiln()).isNull();
    assertThat(parse("compat: []\n").kiln()).isNull();
  }

  @Test
  void kilnByNameUsesItsDefaultNamespace() {
    assertThat(parse("compat: [kiln]\n").kiln()).isEqualTo(new KilnCompat("cosmos_validator_watcher"));
  }

  @Test
  void aMappingSetsTheNamespaceEmptyMeaningNone() {
    assertThat(parse("compat:\n  - name: kiln\n    namespace: cosmos_hub_watcher\n").kiln())
        .isEqualTo(new KilnCompat("cosmos_hub_watcher"));
    assertThat(parse("compat:\n  - name: kiln\n    namespace: ''\n").kiln()).isEqualTo(new KilnCompat(""));
  }

  @Test
  void mistakesAreNamedWithFileLineAndKey() {
    assertThat(problems("compat: [tenderduty]\n"))
        .contains("valwatch.yaml:4: compat[0]: unknown exporter 'tenderduty'; known: kiln");
    assertThat(problems("compat:\n  - name: kiln\n    namespace: 9lives\n"))
        .contains("valwatch.yaml:6: compat[0].namespace: '9lives' is not a metric name prefix");
    assertThat(problems("compat:\n  - name: kiln\n    prefix: x\n"))
        .contains("valwatch.yaml:6: compat[0].prefix: unknown key 'prefix'; expected one of: name, namespace");
    assertThat(problems("compat: [kiln, kiln]\n")).contains("valwatch.yaml:4: compat[1]: 'kiln' is listed twice");
    assertThat(problems("compat: kiln\n")).contains("valwatch.yaml:4: compat: expected a list");
  }
}
