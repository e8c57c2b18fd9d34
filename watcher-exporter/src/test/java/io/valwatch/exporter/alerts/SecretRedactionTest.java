package io.valwatch.exporter.alerts;

import static io.valwatch.exporter.alerts.Samples.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.alert.AlertNotification.Reason;
import io.valwatch.alert.Severity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Webhook URLs, bot tokens and routing keys never reach logs or exception messages. */
class SecretRedactionTest {
  private static final String TOKEN = "7311225981:AAHk2SecretTokenValue_0123456789";
  private static final String ROUTING_KEY = "R0UTING0KEY0SECRET0000000000000";
  private static final String SLACK_PATH = "/services/T024BE7LD/B0S3CR3T/abcdEFGHijklMNOPqrstUVWX";

  @StartStop final MockWebServer server = new MockWebServer();

  private final Logger logger = (Logger) LoggerFactory.getLogger(AlertDispatcher.class.getPackageName());
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Channels channels = new Channels(new OkHttpClient(), Clock.systemUTC());

  @BeforeEach
  void captureLogs() {
    // Every level is captured, whatever another test in this JVM set the root logger to.
    logger.setLevel(Level.ALL);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setLevel(null);
  }

  private List<String> logLines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private Channel channel(ChannelType type, Map<String, String> settings) {
    return channels.create(new ChannelSpec("ops", type, settings, ChannelPolicy.DEFAULT.withMaxAttempts(2)));
  }

  @Test
  void aTelegramTokenEchoedByTheServerIsMaskedInMessagesAndLogs() {
    String echo = "{\"ok\":false,\"error_code\":500,\"description\":\"upstream failed for bot" + TOKEN + "\"}";
    server.enqueue(new MockResponse.Builder().code(500).body(echo).build());
    server.enqueue(new MockResponse.Builder().code(500).body(echo).build());
    server.enqueue(new MockResponse.Builder().code(500).body(echo).build());
    Channel telegram =
        channel(ChannelType.TELEGRAM, Map.of("token", TOKEN, "chat_id", "42", "api_url", server.url("/").toString()));

    DeliveryException direct =
        catchThrowableOfType(
            DeliveryException.class, () -> telegram.notifier().send(notification(Severity.CRITICAL, Reason.FIRING)));
    try (AlertDispatcher alerts =
        AlertDispatcher.start(
            List.of(telegram), DeliveryCounter.register(new PrometheusRegistry()), Clock.systemUTC(), d -> {}, 8)) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(direct.getMessage()).startsWith("HTTP 500").contains("upstream failed for ***").doesNotContain(TOKEN);
    assertThat(telegram.description()).isEqualTo("telegram " + "http://" + server.getHostName() + ":" + server.getPort() + "/…");
    assertThat(logLines()).hasSize(2);
    assertThat(logLines()).allSatisfy(line -> assertThat(line).doesNotContain(TOKEN).doesNotContain("7311225981"));
    assertThat(logLines().get(1)).contains("not delivered after 2 attempt(s)").contains("HTTP 500");
  }

  @Test
  void aWebhookUrlIsNeverShownWhenTheConnectionFails() throws Exception {
    String url = server.url(SLACK_PATH).toString();
    server.close();
    Channel slack = channel(ChannelType.SLACK, Map.of("url", url));

    DeliveryException failure =
        catchThrowableOfType(
            DeliveryException.class, () -> slack.notifier().send(notification(Severity.CRITICAL, Reason.FIRING)));
    try (AlertDispatcher alerts =
        AlertDispatcher.start(
            List.of(slack), DeliveryCounter.register(new PrometheusRegistry()), Clock.systemUTC(), d -> {}, 8)) {
      alerts.onAlert(notification(Severity.CRITICAL, Reason.FIRING));
    }

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).startsWith("request failed: ").doesNotContain("B0S3CR3T").doesNotContain("abcdEFGH");
    assertThat(logLines()).isNotEmpty();
    assertThat(logLines()).allSatisfy(line -> assertThat(line).doesNotContain("B0S3CR3T").doesNotContain("abcdEFGH"));
    assertThat(slack.toString()).doesNotContain("abcdEFGH");
  }

  @Test
  void aPagerDutyRoutingKeyIsNotInTheChannelDescriptionOrSpec() {
    ChannelSpec spec =
        new ChannelSpec(
            "pager",
            ChannelType.PAGERDUTY,
            Map.of("routing_key", ROUTING_KEY, "url", server.url("/v2/enqueue").toString()),
            ChannelPolicy.DEFAULT);

    assertThat(spec.toString()).doesNotContain(ROUTING_KEY);
    assertThat(channels.create(spec).description()).doesNotContain(ROUTING_KEY).endsWith("/…");
  }

  @Test
  void secretsAreMaskedLongestFirst() {
    Secrets secrets = Secrets.of(okhttp3.HttpUrl.get("https://hooks.example.com" + SLACK_PATH + "?key=s3cr3tvalue"));

    assertThat(secrets.scrub("posting to https://hooks.example.com" + SLACK_PATH + "?key=s3cr3tvalue failed"))
        .isEqualTo("posting to *** failed");
    assertThat(secrets.scrub("token abcdEFGHijklMNOPqrstUVWX and s3cr3tvalue")).isEqualTo("token *** and ***");
  }
}
