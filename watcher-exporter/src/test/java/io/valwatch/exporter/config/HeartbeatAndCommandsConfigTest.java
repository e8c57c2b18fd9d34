package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.exporter.alerts.ChannelSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeartbeatAndCommandsConfigTest {
  private static final String CHAIN =
      """
      chains:
        - id: cosmoshub-4
          rpc: [https://rpc.cosmos.example]
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Map.of("HC_URL", "https://hc-ping.com/5f1c9a2e-0b7d-4c1e")::get, Set.of("cosmos-sdk"));

  private ExporterConfig parse(String yaml) {
    return loader.parse(CHAIN + yaml, "valwatch.yaml");
  }

  private String problems(String yaml) {
    return catchThrowableOfType(() -> parse(yaml), ConfigException.class).getMessage();
  }

  @Test
  void heartbeatHasAUrlAndAnIntervalOfAMinuteByDefault() {
    assertThat(parse("").heartbeat()).isNull();
    HeartbeatConfig heartbeat = parse("heartbeat:\n  url: ${HC_URL}\n").heartbeat();
    assertThat(heartbeat.url().toString()).isEqualTo("https://hc-ping.com/5f1c9a2e-0b7d-4c1e");
    assertThat(heartbeat.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(heartbeat.toString()).doesNotContain("5f1c9a2e");
    assertThat(parse("heartbeat: {url: 'https://hc-ping.com/x', interval: 30s}\n").heartbeat().interval())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void heartbeatMistakesAreNamedWithoutShowingTheUrl() {
    assertThat(problems("heartbeat:\n  url: hc-ping.com/5f1c9a2e\n  interval: 0s\n"))
        .contains("valwatch.yaml:5: heartbeat.url: expected an http:// or https:// URL")
        .contains("valwatch.yaml:6: heartbeat.interval: must be longer than zero")
        .doesNotContain("5f1c9a2e");
    assertThat(problems("heartbeat:\n  interval: 1m\n")).contains("valwatch.yaml:4: heartbeat.url: is required");
    assertThat(problems("heartbeat:\n  url: https://hc-ping.com/x\n  every: 1m\n"))
        .contains("valwatch.yaml:6: heartbeat.every: unknown key 'every'; expected one of: url, interval");
    assertThat(problems("heartbeat: https://hc-ping.com/x\n")).contains("valwatch.yaml:4: heartbeat: expected a mapping");
  }

  private static String telegram(String extra) {
    return """
        alerts:
          channels:
            - name: ops
              type: telegram
              token: "123:abc"
              chat_id: -1001234567890
        """ + extra;
  }

  private ChannelSpec channel(String extra) {
    return parse(telegram(extra)).alerts().channels().get(0);
  }

  @Test
  void commandsAreOffByDefaultAndAnswerTheChannelsChatWhenOn() {
    assertThat(channel("").commandChats()).isEmpty();
    assertThat(channel("      commands: true\n").commandChats()).containsExactly("-1001234567890");
    assertThat(channel("      commands: true\n      allowed_chats: [-1001234567890, 424242]\n").commandChats())
        .containsExactlyInAnyOrder("-1001234567890", "424242");
  }

  @Test
  void commandMistakesAreNamedWithFileLineAndKey() {
    assertThat(problems(telegram("      allowed_chats: [424242]\n")))
        .contains("valwatch.yaml:10: alerts.channels[0].allowed_chats: has no effect without commands: true");
    assertThat(problems(telegram("      commands: true\n      allowed_chats: [ops-team]\n")))
        .contains("valwatch.yaml:11: alerts.channels[0].allowed_chats[0]: expected a numeric chat id such as"
            + " -1001234567890, got 'ops-team'");
    assertThat(problems(telegram("      commands: true\n      allowed_chats: []\n")))
        .contains("valwatch.yaml:11: alerts.channels[0].allowed_chats: is empty");
    assertThat(problems(telegram("      commands: yes please\n")))
        .contains("valwatch.yaml:10: alerts.channels[0].commands: expected true or false");
    assertThat(
            problems(
                """
                alerts:
                  channels:
                    - {name: ops, type: telegram, token: "123:abc", chat_id: "@validator_alerts", commands: true}
                """))
        .contains("valwatch.yaml:6: alerts.channels[0].commands: needs allowed_chats: chat_id '@validator_alerts' is a"
            + " name");
    assertThat(
            problems(
                """
                alerts:
                  channels:
                    - {name: ops, type: telegram, token: "123:abc", chat_id: 1, commands: true}
                    - {name: ops2, type: telegram, token: "123:abc", chat_id: 2, commands: true}
                """))
        .contains("valwatch.yaml:7: alerts.channels[1].commands: channel 'ops' already answers this bot's commands");
    assertThat(
            problems(
                """
                alerts:
                  channels:
                    - {name: hook, type: webhook, url: "https://example.com/hook", commands: true}
                """))
        .contains("alerts.channels[0].commands: unknown key 'commands'");
  }
}
