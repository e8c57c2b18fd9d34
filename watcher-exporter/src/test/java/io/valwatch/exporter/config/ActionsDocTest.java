package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration docs/actions.md shows is one the loader accepts, and means what the text says. */
class ActionsDocTest {
  @Test
  void theDocumentedConfigurationLoads() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "actions.md"));
    Matcher yaml = Pattern.compile("```yaml\n(state_dir:.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(yaml.find()).as("the configuration block of docs/actions.md").isTrue();
    String chains = """
        chains:
          - id: cosmoshub-4
            rpc: [https://rpc1.cosmos.example, https://rpc2.cosmos.example]
            validators:
              - address: cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk
                label: main
        """;
    ConfigLoader loader =
        new ConfigLoader(Map.of("FENCE_TOKEN", "t", "HOOK_TOKEN", "h")::get, Set.of("cosmos-sdk"));

    List<ActionConfig> actions = loader.parse(yaml.group(1) + chains, "actions.md").actions();

    assertThat(actions).extracting(ActionConfig::name).containsExactly("fence-primary", "page-runbook");
    assertThat(actions.get(0).trigger().describe())
        .isEqualTo("double_sign|jail_imminent at critical or above on cosmoshub-4 labelled main");
    assertThat(actions.get(1).effect()).isInstanceOf(ActionConfig.Post.class);
  }
}
