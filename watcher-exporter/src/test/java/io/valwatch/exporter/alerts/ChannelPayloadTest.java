package io.valwatch.exporter.alerts;

import static io.valwatch.exporter.alerts.Samples.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The exact request each channel type sends. */
class ChannelPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();

  private final Channels channels =
      new Channels(new OkHttpClient(), Clock.fixed(Samples.AT.plusSeconds(30), ZoneOffset.UTC));

  private Notifier notifier(ChannelType type, Map<String, String> settings) {
    return channels.create(new ChannelSpec("test", type, settings, ChannelPolicy.DEFAULT)).notifier();
  }

  private RecordedRequest send(Notifier notifier, AlertNotification notification) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    notifier.send(notification);
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    return JSON.readTree(request.getBody().utf8());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void credentialsInAWebhookUrlAreSentAsBasicAuthNotInTheUrl() throws Exception {
    String url = server.url("/hooks/valwatch").newBuilder().username("ops").password("p@ss:w0rd").build().toString();
    Notifier webhook = notifier(ChannelType.WEBHOOK, Map.of("url", url));

    RecordedRequest request = send(webhook, notification(Severity.CRITICAL, Reason.FIRING));

    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("ops:p@ss:w0rd".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(request.getUrl().username()).isEmpty();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/valwatch");
  }

  @Test
  void aWebhookUrlWithoutCredentialsSendsNoAuthorization() throws Exception {
    Notifier webhook = notifier(ChannelType.WEBHOOK, Map.of("url", server.url("/hooks/valwatch").toString()));

    RecordedRequest request = send(webhook, notification(Severity.CRITICAL, Reason.FIRING));

    assertThat(request.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void webhookPostsTheGenericBody() throws Exception {
    Notifier webhook = notifier(ChannelType.WEBHOOK, Map.of("url", server.url("/hooks/valwatch").toString()));

    RecordedRequest request = send(webhook, notification(Severity.CRITICAL, Reason.FIRING));

    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/valwatch");
    assertThat(body(request))
        .isEqualTo(
            json(
                """
                {"id": "cosmoshub-4/%1$s/jail_imminent", "chain": "cosmoshub-4", "subject": "%1$s",
                 "kind": "jail_imminent", "severity": "critical", "state": "firing", "reason": "firing",
                 "summary": "Validator <Stake & Co> is 12 blocks from jail",
                 "description": "Missed 9988 of the last 10000 blocks; jailed after 12 more misses.",
                 "firing_since": "2024-05-01T02:58:00Z", "at": "2024-05-01T03:00:00Z",
                 "labels": {"label": "main", "moniker": "Stake & Co"}}
                """
                    .formatted(Samples.VALIDATOR)));
  }

  @Test
  void slackPostsTextAndBlocksWithMarkupEscaped() throws Exception {
    Notifier slack = notifier(ChannelType.SLACK, Map.of("url", server.url("/services/T0/B0/abc123").toString()));

    RecordedRequest request = send(slack, notification(Severity.WARNING, Reason.FIRING));

    String headline = "[WARNING FIRING] Validator &lt;Stake &amp; Co&gt; is 12 blocks from jail";
    assertThat(body(request))
        .isEqualTo(
            json(
                """
                {"text": "%1$s",
                 "blocks": [
                   {"type": "section", "text": {"type": "mrkdwn", "text": "*%1$s*\\nMissed 9988 of the last 10000 blocks; jailed after 12 more misses."}},
                   {"type": "context", "elements": [{"type": "mrkdwn", "text": "chain: cosmoshub-4 · validator: %2$s · kind: jail_imminent · severity: warning · firing since: 2024-05-01T02:58:00Z · label: main · moniker: Stake &amp; Co"}]}
                 ]}
                """
                    .formatted(headline, Samples.VALIDATOR)));
  }

  @Test
  void discordPostsContentAndOneEmbedWithoutMentions() throws Exception {
    Notifier discord = notifier(ChannelType.DISCORD, Map.of("url", server.url("/api/webhooks/1/tok").toString()));

    RecordedRequest request = send(discord, notification(Severity.CRITICAL, Reason.RESOLVED));

    JsonNode body = body(request);
    assertThat(body.get("content").asText())
        .isEqualTo("[RESOLVED] Validator <Stake & Co> is 12 blocks from jail");
    assertThat(body.get("allowed_mentions")).isEqualTo(json("{\"parse\": []}"));
    assertThat(body.get("embeds")).hasSize(1);
    JsonNode embed = body.get("embeds").get(0);
    assertThat(embed.get("title").asText()).isEqualTo("Validator <Stake & Co> is 12 blocks from jail");
    assertThat(embed.get("description").asText())
        .isEqualTo("Missed 9988 of the last 10000 blocks; jailed after 12 more misses.");
    assertThat(embed.get("color").asInt()).isEqualTo(0x2A9D8F);
    assertThat(embed.get("timestamp").asText()).isEqualTo("2024-05-01T03:00:00Z");
    assertThat(embed.get("fields").get(0)).isEqualTo(json("{\"name\": \"chain\", \"value\": \"cosmoshub-4\", \"inline\": true}"));
    assertThat(embed.get("fields").findValuesAsText("name"))
        .containsExactly("chain", "validator", "kind", "severity", "firing since", "label", "moniker");
  }

  @Test
  void telegramCallsSendMessageWithTheTokenInThePath() throws Exception {
    Notifier telegram =
        notifier(
            ChannelType.TELEGRAM,
            Map.of("token", "123456:ABC-DEF_secret", "chat_id", "-1001234567890", "api_url", server.url("/").toString()));

    RecordedRequest request = send(telegram, notification(Severity.CRITICAL, Reason.FIRING));

    assertThat(request.getUrl().encodedPath()).isEqualTo("/bot123456:ABC-DEF_secret/sendMessage");
    assertThat(body(request))
        .isEqualTo(
            json(
                """
                {"chat_id": -1001234567890,
                 "text": "<b>[CRITICAL FIRING] Validator &lt;Stake &amp; Co&gt; is 12 blocks from jail</b>\\nMissed 9988 of the last 10000 blocks; jailed after 12 more misses.\\n\\nchain: cosmoshub-4\\nvalidator: %s\\nkind: jail_imminent\\nseverity: critical\\nfiring since: 2024-05-01T02:58:00Z\\nlabel: main\\nmoniker: Stake &amp; Co",
                 "parse_mode": "HTML",
                 "link_preview_options": {"is_disabled": true}}
                """
                    .formatted(Samples.VALIDATOR)));
  }

  @Test
  void telegramChatUsernameIsAString() throws Exception {
    Notifier telegram =
        notifier(ChannelType.TELEGRAM, Map.of("token", "1:x", "chat_id", "@validators", "api_url", server.url("/").toString()));

    assertThat(body(send(telegram, notification(Severity.INFO, Reason.FIRING))).get("chat_id"))
        .isEqualTo(json("\"@validators\""));
  }

  @Test
  void pagerDutyTriggersAndResolvesByDedupKey() throws Exception {
    Notifier pagerDuty =
        notifier(ChannelType.PAGERDUTY, Map.of("routing_key", "R0UTINGKEY123", "url", server.url("/v2/enqueue").toString()));

    RecordedRequest trigger = send(pagerDuty, notification(Severity.CRITICAL, Reason.FIRING));
    RecordedRequest resolve = send(pagerDuty, notification(Severity.CRITICAL, Reason.RESOLVED));

    assertThat(trigger.getUrl().encodedPath()).isEqualTo("/v2/enqueue");
    assertThat(body(trigger))
        .isEqualTo(
            json(
                """
                {"routing_key": "R0UTINGKEY123", "event_action": "trigger", "dedup_key": "cosmoshub-4/%1$s/jail_imminent",
                 "payload": {"summary": "Validator <Stake & Co> is 12 blocks from jail", "source": "cosmoshub-4/%1$s",
                   "severity": "critical", "timestamp": "2024-05-01T02:58:00Z", "component": "%1$s",
                   "group": "cosmoshub-4", "class": "jail_imminent",
                   "custom_details": {"description": "Missed 9988 of the last 10000 blocks; jailed after 12 more misses.",
                     "label": "main", "moniker": "Stake & Co"}},
                 "client": "valwatch"}
                """
                    .formatted(Samples.VALIDATOR)));
    assertThat(body(resolve))
        .isEqualTo(
            json(
                """
                {"routing_key": "R0UTINGKEY123", "event_action": "resolve", "dedup_key": "cosmoshub-4/%s/jail_imminent"}
                """
                    .formatted(Samples.VALIDATOR)));
  }

  @Test
  void pagerDutyIgnoresRemindersAndResolvesItsSelfTest() throws Exception {
    Notifier pagerDuty =
        notifier(ChannelType.PAGERDUTY, Map.of("routing_key", "R0UTINGKEY123", "url", server.url("/v2/enqueue").toString()));
    assertThat(pagerDuty.handles(notification(Severity.CRITICAL, Reason.REMINDER))).isFalse();
    assertThat(pagerDuty.handles(notification(Severity.CRITICAL, Reason.FIRING))).isTrue();

    server.enqueue(new MockResponse.Builder().code(202).build());
    server.enqueue(new MockResponse.Builder().code(202).build());
    pagerDuty.send(notification(Severity.INFO, Reason.SELF_TEST));

    assertThat(body(server.takeRequest(5, TimeUnit.SECONDS)).get("event_action").asText()).isEqualTo("trigger");
    assertThat(body(server.takeRequest(5, TimeUnit.SECONDS)).get("event_action").asText()).isEqualTo("resolve");
  }

  @Test
  void alertmanagerPostsLikePrometheusAndResolvesTheOldSeverity() throws Exception {
    Notifier alertmanager =
        notifier(
            ChannelType.ALERTMANAGER,
            Map.of("url", server.url("/").toString(), "generator_url", "http://valwatch.example:9300/metrics"));
    String labels =
        """
        {"alertname": "jail_imminent", "severity": "%s", "chain_id": "cosmoshub-4", "validator": "%s",
         "label": "main", "moniker": "Stake & Co"}
        """;
    String annotations =
        """
        {"summary": "Validator <Stake & Co> is 12 blocks from jail",
         "description": "Missed 9988 of the last 10000 blocks; jailed after 12 more misses."}
        """;

    RecordedRequest warning = send(alertmanager, notification(Severity.WARNING, Reason.FIRING));
    RecordedRequest critical = send(alertmanager, notification(Severity.CRITICAL, Reason.FIRING));
    RecordedRequest resolved = send(alertmanager, notification(Severity.CRITICAL, Reason.RESOLVED));

    assertThat(warning.getUrl().encodedPath()).isEqualTo("/api/v2/alerts");
    String entry =
        """
        {"labels": %s, "annotations": %s, "startsAt": "2024-05-01T02:58:00Z", "endsAt": "%s",
         "generatorURL": "http://valwatch.example:9300/metrics"}
        """;
    String now = "2024-05-01T03:00:30Z";
    String validUntil = "2024-05-01T03:04:30Z";
    String warningLabels = labels.formatted("warning", Samples.VALIDATOR);
    String criticalLabels = labels.formatted("critical", Samples.VALIDATOR);
    assertThat(body(warning)).isEqualTo(json("[" + entry.formatted(warningLabels, annotations, validUntil) + "]"));
    assertThat(body(critical))
        .isEqualTo(
            json(
                "["
                    + entry.formatted(warningLabels, annotations, now)
                    + ","
                    + entry.formatted(criticalLabels, annotations, validUntil)
                    + "]"));
    assertThat(body(resolved)).isEqualTo(json("[" + entry.formatted(criticalLabels, annotations, now) + "]"));
    alertmanager.close();
  }

  @Test
  void alertmanagerRepostsFiringAlertsUntilTheyResolve() throws Exception {
    AlertmanagerNotifier alertmanager =
        (AlertmanagerNotifier) notifier(ChannelType.ALERTMANAGER, Map.of("url", server.url("/am/").toString()));
    send(alertmanager, Samples.about("jailed", Severity.CRITICAL, Reason.FIRING));
    send(alertmanager, Samples.about("tombstoned", Severity.CRITICAL, Reason.FIRING));
    send(alertmanager, Samples.about("jailed", Severity.CRITICAL, Reason.RESOLVED));

    server.enqueue(new MockResponse.Builder().code(200).build());
    alertmanager.resendActive();

    RecordedRequest repost = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(repost.getUrl().encodedPath()).isEqualTo("/am/api/v2/alerts");
    JsonNode alerts = body(repost);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("labels").get("alertname").asText()).isEqualTo("tombstoned");
    assertThat(alerts.get(0).get("endsAt").asText()).isEqualTo("2024-05-01T03:04:30Z");
    assertThat(alerts.get(0).has("generatorURL")).isFalse();
    alertmanager.close();
  }
}
