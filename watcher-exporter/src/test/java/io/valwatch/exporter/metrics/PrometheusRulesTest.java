package io.valwatch.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.valwatch.exporter.DebianTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alerting rules shipped in {@code grafana/alerts} are valid, pass their {@code promtool}
 * unit tests, use only documented metrics and link to runbook sections that exist. Without {@code promtool} on the PATH the promtool tests are
 * skipped, except under {@code CI=true}, where they fail: CI installs it.
 */
class PrometheusRulesTest {
  private static final Path ALERTS_DIR = Path.of("..", "grafana", "alerts").toAbsolutePath().normalize();
  private static final Path RULES = ALERTS_DIR.resolve("valwatch.rules.yml");
  private static final Path RULE_TESTS = ALERTS_DIR.resolve("valwatch.rules.test.yml");
  private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
  private static final Pattern METRIC_NAME = Pattern.compile("\\bvalwatch_[a-z0-9_]+");
  private static final Pattern RUNBOOK_ANCHOR = Pattern.compile("runbook_url: docs/alerts\\.md#(\\S+)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#+ (.+)$");

  @Test
  void rulesAreValid() throws Exception {
    assertSucceeds(promtool(), "check", "rules", RULES.toString());
  }

  @Test
  void everyRuleFiresAndResolvesAsItsUnitTestsExpect() throws Exception {
    assertSucceeds(promtool(), "test", "rules", RULE_TESTS.toString());
  }

  @Test
  void rulesUseOnlyDocumentedMetrics() throws IOException {
    Set<String> used = matches(METRIC_NAME, 0, Files.readString(RULES));
    String documented = Files.readString(DOCS.resolve("metrics.md"));

    assertThat(used).isNotEmpty();
    assertThat(used)
        .as("metrics used in %s but not documented in docs/metrics.md", RULES)
        .allSatisfy(name -> assertThat(documented).contains("`" + name + "`"));
  }

  @Test
  void everyRunbookLinkPointsAtAHeadingOfTheAlertsPage() throws IOException {
    Set<String> anchors = matches(RUNBOOK_ANCHOR, 1, Files.readString(RULES));
    Set<String> headings = new TreeSet<>();
    for (String heading : matches(HEADING, 1, Files.readString(DOCS.resolve("alerts.md")))) {
      headings.add(anchorOf(heading));
    }

    assertThat(anchors).isNotEmpty();
    assertThat(headings).as("headings of docs/alerts.md").containsAll(anchors);
  }

  /** The anchor GitHub gives a Markdown heading. */
  private static String anchorOf(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private static Set<String> matches(Pattern pattern, int group, String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(group));
    }
    return found;
  }

  private static Path promtool() {
    return DebianTool.require("promtool", "prometheus");
  }

  private static void assertSucceeds(Path promtool, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(ALERTS_DIR.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s exit status; output:%n%s", command, output).isZero();
  }
}
