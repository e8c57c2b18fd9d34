package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.alert.Severity;
import io.valwatch.exporter.alerts.ChannelPolicy;
import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.exporter.alerts.ChannelType;
import io.valwatch.exporter.alerts.QuietHours;
import io.valwatch.risk.AlertSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsSectionTest {
  private static final String SLACK_URL = "https://hooks.slack.com/services/T0/B0/XyZsecret0123456789";
  private static final String CHAINS =
      """
      chains:
        - id: cosmoshub-4
          rpc: [https://rpc.cosmos.example]
      """;

  private final Map<String, String> env =
      Map.of("SLACK_URL", SLACK_URL, "TG_TOKEN", "123:tok", "PD_KEY", "pdkey0123", "BAD_URL", "hooks.slack.com/x/SECRETPATH");
  private final ConfigLoader loader = new ConfigLoader(env::get, Set.of("cosmos-sdk"));

  private AlertsConfig alerts(String yaml) {
    return loader.parse(CHAINS + yaml, "valwatch.yaml").alerts();
  }

  private ConfigException failure(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> alerts(yaml));
  }

  @Test
  void noSectionMeansNoChannels() {
    assertThat(alerts("")).isEqualTo(AlertsConfig.NONE);
  }

  @Test
  void readsEveryChannelTypeAndPolicyKey() {
    AlertsConfig config =
        alerts(
            """
            alerts:
              self_test: true
              channels:
                - name: ops-slack
                  type: slack
                  url: ${SLACK_URL}
                  min_severity: warning
                  quiet_hours: "22:00-07:00"
                  timezone: Europe/Berlin
                  timeout: 5s
                  max_attempts: 3
                - name: hook
                  type: webhook
                  url: https://alerts.example/valwatch
                - name: discord
                  type: discord
                  url: https://discord.com/api/webhooks/1/abc
                - name: tg
                  type: telegram
                  token: ${TG_TOKEN}
                  chat_id: -100123
                  api_url: http://127.0.0.1:8081
                - name: pager
                  type: pagerduty
                  routing_key: ${PD_KEY}
                  min_severity: critical
                - name: am
                  type: alertmanager
                  url: http://alertmanager:9093
                  generator_url: http://valwatch:9300/metrics
            """);

    assertThat(config.selfTest()).isTrue();
    assertThat(config.channels()).extracting(ChannelSpec::name).containsExactly("ops-slack", "hook", "discord", "tg", "pager", "am");
    ChannelSpec slack = config.channels().get(0);
    assertThat(slack.type()).isEqualTo(ChannelType.SLACK);
    assertThat(slack.settings()).containsExactly(Map.entry("url", SLACK_URL));
    assertThat(slack.policy())
        .isEqualTo(
            ChannelPolicy.DEFAULT
                .withMinSeverity(Severity.WARNING)
                .withQuietHours(QuietHours.parse("22:00-07:00", ZoneId.of("Europe/Berlin")))
                .withTimeout(Duration.ofSeconds(5))
                .withMaxAttempts(3));
    assertThat(config.channels().get(3).settings())
        .containsExactlyInAnyOrderEntriesOf(Map.of("token", "123:tok", "chat_id", "-100123", "api_url", "http://127.0.0.1:8081"));
    assertThat(config.channels().get(4).policy().minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(config.channels().get(4).settings()).containsOnlyKeys("routing_key");
    assertThat(config.channels().get(1).policy()).isEqualTo(ChannelPolicy.DEFAULT);
  }

  @Test
  void namesTheFileLineAndKeyOfAnUnknownType() {
    ConfigException e =
        failure(
            """
            alerts:
              channels:
                - name: x
                  type: email
            """);

    assertThat(e.keyPath()).isEqualTo("alerts.channels[0].type");
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.getMessage())
        .startsWith("valwatch.yaml:7: alerts.channels[0].type: unknown channel type 'email'")
        .contains("webhook, slack, discord, telegram, pagerduty, alertmanager");
  }

  @Test
  void requiresEachTypesSettings() {
    ConfigException e =
        failure(
            """
            alerts:
              channels:
                - name: tg
                  type: telegram
                  token: ${TG_TOKEN}
            """);

    assertThat(e.keyPath()).isEqualTo("alerts.channels[0].chat_id");
    assertThat(e.getMessage()).contains("is required for a telegram channel");
  }

  @Test
  void rejectsAKeyOfAnotherType() {
    ConfigException e =
        failure(
            """
            alerts:
              channels:
                - name: s
                  type: slack
                  url: ${SLACK_URL}
                  routing_key: abc
            """);

    assertThat(e.keyPath()).isEqualTo("alerts.channels[0].routing_key");
    assertThat(e.getMessage()).contains("unknown key 'routing_key'");
  }

  @Test
  void anInvalidUrlIsReportedWithoutShowingIt() {
    ConfigException e =
        failure(
            """
            alerts:
              channels:
                - name: s
                  type: slack
                  url: ${BAD_URL}
            """);

    assertThat(e.keyPath()).isEqualTo("alerts.channels[0].url");
    assertThat(e.getMessage()).contains("not an http:// or https:// URL").doesNotContain("SECRETPATH");
  }

  @Test
  void anUnsetVariableIsNamed() {
    ConfigException e =
        failure(
            """
            alerts:
              channels:
                - name: s
                  type: discord
                  url: ${DISCORD_WEBHOOK_URL}
            """);

    assertThat(e.getMessage()).contains("alerts.channels[0].url: environment variable DISCORD_WEBHOOK_URL is not set");
  }

  @Test
  void rejectsBadPolicyValues() {
    String channel =
        """
        alerts:
          channels:
            - name: s
              type: slack
              url: ${SLACK_URL}
        """;
    assertThat(failure(channel + "      min_severity: urgent\n").getMessage())
        .contains("alerts.channels[0].min_severity: expected info, warning or critical, got 'urgent'");
    assertThat(failure(channel + "      quiet_hours: 22-7\n").getMessage())
        .contains("alerts.channels[0].quiet_hours: expected a window such as \"22:00-07:00\"");
    assertThat(failure(channel + "      quiet_hours: \"25:00-07:00\"\n").getMessage())
        .contains("'25:00' is not a time of day");
    assertThat(failure(channel + "      quiet_hours: \"22:00-07:00\"\n      timezone: Mars/Olympus\n").getMessage())
        .contains("alerts.channels[0].timezone: expected a time zone");
    assertThat(failure(channel + "      timezone: UTC\n").getMessage()).contains("has no effect without quiet_hours");
    assertThat(failure(channel + "      timeout: soon\n").getMessage()).contains("alerts.channels[0].timeout: expected a duration");
    assertThat(failure(channel + "      max_attempts: 0\n").getMessage())
        .contains("alerts.channels[0].max_attempts: expected a whole number within 1..20, got 0");
  }

  @Test
  void readsTheAlertLifecycleAndKeepsDefaultsForUnsetKeys() {
    AlertsConfig config =
        alerts(
            """
            alerts:
              pending_for: 2m
              endpoint_pending_for: 0s
              resolve_after: 5m
              renotify_interval: 4h
            """);

    assertThat(config.lifecycle())
        .isEqualTo(new AlertSettings(Duration.ofMinutes(2), Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(4)));
    assertThat(config.channels()).isEmpty();
    assertThat(alerts("alerts:\n  resolve_after: 90s\n").lifecycle())
        .isEqualTo(AlertSettings.defaults().withResolveAfter(Duration.ofSeconds(90)));
    assertThat(alerts("").lifecycle()).isEqualTo(AlertSettings.defaults());
  }

  @Test
  void aBadLifecycleDurationIsNamed() {
    assertThat(failure("alerts:\n  channels: []\n  renotify_interval: daily\n").getMessage())
        .isEqualTo(
            "valwatch.yaml:6: alerts.renotify_interval: expected a duration such as 500ms, 2s, 1m30s or 1h, got 'daily'");
  }

  @Test
  void rejectsDuplicateChannelNamesAndUnknownSectionKeys() {
    assertThat(
            failure(
                    """
                    alerts:
                      channels:
                        - {name: a, type: slack, url: "https://a.example"}
                        - {name: a, type: discord, url: "https://b.example"}
                    """)
                .getMessage())
        .contains("alerts.channels[1].name: channel 'a' is configured twice");
    assertThat(failure("alerts:\n  chanels: []\n").getMessage()).contains("alerts.chanels: unknown key 'chanels'");
  }

  @Test
  void theDemoReadsOnlyTheAlertsSection(@TempDir Path directory) throws Exception {
    Path onlyAlerts =
        Files.writeString(
            directory.resolve("alerts.yaml"), "alerts:\n  channels:\n    - {name: s, type: slack, url: \"${SLACK_URL}\"}\n");
    Path noAlerts = Files.writeString(directory.resolve("none.yaml"), "listen: 127.0.0.1:9300\n");

    assertThat(loader.loadAlerts(onlyAlerts).channels()).extracting(ChannelSpec::name).containsExactly("s");
    assertThat(catchThrowableOfType(ConfigException.class, () -> loader.loadAlerts(noAlerts)).getMessage())
        .contains("none.yaml")
        .endsWith(": alerts: is required: the file configures no alert channels");
  }
}
