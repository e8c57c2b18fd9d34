package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ActionsSectionTest {
  private static final String HEAD =
      """
      state_dir: /var/lib/valwatch
      chains:
        - id: cosmoshub-4
          rpc: [https://rpc1.cosmos.example, https://rpc2.cosmos.example]
          validators:
            - address: cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk
              label: main
        - id: osmosis-1
          rpc: [https://rpc.osmosis.example]
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Map.of("FENCE_TOKEN", "t0k3n", "HOOK", "https://ops:pw@hooks.example/fence")::get,
          Set.of("cosmos-sdk"));

  private List<ActionConfig> actions(String yaml) {
    return loader.parse(yaml, "valwatch.yaml").actions();
  }

  private List<String> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> actions(yaml)).problems().stream()
        .map(Object::toString).toList();
  }

  private static Alert alert(String chain, String subject, String kind, Severity severity, Map<String, String> labels) {
    return new Alert(new AlertKey(chain, subject, kind), severity, Alert.State.FIRING, "s", "d", Instant.EPOCH, labels);
  }

  @Test
  void readsACommandAndAPostAction() {
    List<ActionConfig> actions = actions(HEAD + """
        actions:
          - name: fence-primary
            on:
              kinds: [jail_imminent, double_sign]
              min_severity: critical
              chains: [cosmoshub-4]
              labels: [main]
            run:
              command: [/usr/local/bin/fence, --token, "${FENCE_TOKEN}", --signer, primary]
              env: {FENCE_TOKEN: "${FENCE_TOKEN}"}
              timeout: 45s
            cooldown: 1h
          - name: page-ops
            on:
              kinds: [governance_vote_missing]
              min_severity: warning
              chains: [osmosis-1]
            post:
              url: ${HOOK}
              headers: {X-Api-Key: abc}
            dry_run: true
        """);

    assertThat(actions).hasSize(2);
    ActionConfig fence = actions.get(0);
    assertThat(fence.name()).isEqualTo("fence-primary");
    assertThat(fence.effect()).isEqualTo(new ActionConfig.Command(
        List.of("/usr/local/bin/fence", "--token", "t0k3n", "--signer", "primary"),
        List.of("/usr/local/bin/fence", "--token", "${FENCE_TOKEN}", "--signer", "primary"),
        Map.of("FENCE_TOKEN", "t0k3n"), Duration.ofSeconds(45)));
    assertThat(fence.effect().toString()).doesNotContain("t0k3n");
    assertThat(fence.action(new OkHttpClient()).effect().describe())
        .isEqualTo("run /usr/local/bin/fence --token ${FENCE_TOKEN} --signer primary");
    assertThat(fence.cooldown()).isEqualTo(Duration.ofHours(1));
    assertThat(fence.dryRun()).isFalse();
    assertThat(fence.trigger().matches(alert("cosmoshub-4", "x", "jail_imminent", Severity.CRITICAL, Map.of("label", "main"))))
        .isTrue();
    assertThat(fence.trigger().matches(alert("cosmoshub-4", "x", "jail_imminent", Severity.WARNING, Map.of("label", "main"))))
        .isFalse();
    assertThat(fence.trigger().matches(alert("cosmoshub-4", "x", "jail_imminent", Severity.CRITICAL, Map.of()))).isFalse();

    ActionConfig page = actions.get(1);
    assertThat(page.effect()).isEqualTo(new ActionConfig.Post(
        "https://ops:pw@hooks.example/fence", Map.of("X-Api-Key", "abc"), ActionConfig.Post.DEFAULT_TIMEOUT));
    assertThat(page.effect().toString()).doesNotContain("pw").doesNotContain("abc");
    assertThat(page.cooldown()).isEqualTo(Duration.ofMinutes(10));
    assertThat(page.dryRun()).isTrue();
    assertThat(page.trigger().matches(alert("osmosis-1", "", "governance_vote_missing_42", Severity.WARNING, Map.of())))
        .isTrue();
  }

  @Test
  void everyMistakeIsReportedWithItsKey() {
    List<String> problems = problems("""
        chains:
          - id: cosmoshub-4
            rpc: [https://rpc1.cosmos.example, https://rpc2.cosmos.example]
        actions:
          - name: fence
            on:
              kinds: [jail_imminent, chain_stalled, no_such_kind]
              validators: [cosmosvaloper1typo]
            run:
              command: []
              env: {VALWATCH_KIND: x}
            post:
              url: https://x.example
          - name: "bad name!"
            on: {kinds: [jailed], chains: [osmosis-1], min_severity: urgent}
            post: {url: not-a-url}
          - name: twice
            on: {kinds: [jailed]}
            run: {command: [/bin/true]}
          - name: twice
            on: {kinds: [jailed]}
            run: {command: [/bin/true]}
            cooldown: soon
        """);

    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions: needs state_dir"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[0].on.kinds: 'chain_stalled' cannot be confirmed"
        + " on a second endpoint, so on cosmoshub-4 (more than one endpoint) the action would never run"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[0].on.kinds: unknown alert kind 'no_such_kind'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(
        "actions[0].on.validators: 'cosmosvaloper1typo' is not a validator of any chain"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[0]: give exactly one of 'run'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[1].name: expected letters"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[1].on.chains: no chain is configured with id 'osmosis-1'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[1].on.min_severity: expected info, warning or critical"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[1].post.url: expected an http:// or https:// URL"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[3].cooldown"));
    assertThat(problems).noneSatisfy(p -> assertThat(p).contains("configured twice"));
  }

  @Test
  void aCommandNeedsAProgramAndNamesItsVariablesPlainly() {
    List<String> problems = problems(HEAD + """
        actions:
          - name: fence
            on: {kinds: [jailed]}
            run:
              command: []
              env: {VALWATCH_KIND: x, "BAD-NAME": y}
          - name: fence
            on: {kinds: [jailed]}
            run: {command: [/bin/true]}
          - name: fence
            on: {kinds: [jailed]}
            run: {command: [/bin/true]}
        """);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[0].run.command: is required"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[0].run.env.VALWATCH_KIND: 'VALWATCH_KIND'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[0].run.env.BAD-NAME"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("actions[2].name: action 'fence' is configured twice"));
    assertThat(problems).noneSatisfy(p -> assertThat(p).contains("actions[1]"));
  }

  @Test
  void kindsAreRequiredAndOnlyConfirmableOnesOnChainsWithASpare() {
    assertThat(problems(HEAD + """
        actions:
          - name: a
            on: {min_severity: warning}
            run: {command: [/bin/true]}
        """)).singleElement().satisfies(p -> assertThat(p).contains("actions[0].on.kinds: is required"));
    // osmosis-1 has a single endpoint: any kind may trigger there.
    assertThat(actions(HEAD + """
        actions:
          - name: a
            on: {kinds: [chain_stalled], chains: [osmosis-1]}
            run: {command: [/bin/true]}
        """)).singleElement().satisfies(a -> assertThat(a.trigger().describe()).isEqualTo(
            "chain_stalled at critical or above on osmosis-1"));
  }
}
