package io.valwatch.exporter.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.valwatch.exporter.alerts.ChannelPolicy;
import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.exporter.alerts.ChannelType;
import io.valwatch.exporter.alerts.ChatMutes;
import io.valwatch.model.ChainStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The command poller against a local fake of the Telegram Bot API. */
@Timeout(60)
class TelegramCommandsTest {
  private static final long OPS_GROUP = -1001234567890L;
  private static final long STRANGER = 5550001L;

  private final FakeBotApi bot = new FakeBotApi();
  @StartStop final MockWebServer server = new MockWebServer();

  private final Clock clock = Clock.systemUTC();
  private final ChatMutes mutes = new ChatMutes();
  private final Logger pollerLog = (Logger) LoggerFactory.getLogger(TelegramCommands.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level level;
  private TelegramCommands commands;

  @BeforeEach
  void start() {
    server.setDispatcher(bot);
    logged.start();
    pollerLog.addAppender(logged);
    level = pollerLog.getLevel();
    pollerLog.setLevel(Level.INFO);
    ChannelSpec spec =
        new ChannelSpec(
            "ops",
            ChannelType.TELEGRAM,
            Map.of("token", FakeBotApi.TOKEN, "chat_id", Long.toString(OPS_GROUP), "api_url", server.url("/").toString()),
            ChannelPolicy.DEFAULT,
            Set.of(Long.toString(OPS_GROUP)));
    List<ChainStatus> chains = List.of(BotCommandsTest.chain());
    commands = TelegramCommands.start(spec, () -> chains, mutes, new OkHttpClient(), clock);
  }

  @AfterEach
  void stop() {
    commands.close();
    pollerLog.detachAppender(logged);
    pollerLog.setLevel(level);
    assertThat(messages()).as("the token is never logged").noneMatch(m -> m.contains("fake_token"));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  @Test
  void answersAnAllowedChatInReplyToItsCommand() throws Exception {
    bot.message(OPS_GROUP, "/status@valwatch_bot", now(), 0);

    JsonNode reply = bot.nextSent(10);

    assertThat(reply).isNotNull();
    assertThat(reply.path("chat_id").isIntegralNumber()).isTrue();
    assertThat(reply.path("chat_id").asLong()).isEqualTo(OPS_GROUP);
    assertThat(reply.path("reply_parameters").path("message_id").asLong()).isEqualTo(1);
    assertThat(reply.path("text").asText()).startsWith("cosmoshub-4: height 1000, 180 validators in the set");
    assertThat(reply.has("parse_mode")).as("plain text: monikers need no escaping").isFalse();
  }

  @Test
  void confirmsEveryUpdateByAskingForTheNextOffset() throws Exception {
    bot.message(OPS_GROUP, "/alerts", now(), 0);
    assertThat(bot.nextSent(10)).isNotNull();
    bot.message(OPS_GROUP, "/help", now(), 0);
    assertThat(bot.nextSent(10)).isNotNull();

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!bot.offsets().contains(700_000_003L) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<Long> offsets = bot.offsets();
    assertThat(offsets.get(0)).isZero();
    assertThat(offsets).contains(700_000_002L, 700_000_003L).isSorted();
    JsonNode request = bot.lastGetUpdates();
    assertThat(request.path("timeout").asInt()).as("long polling").isEqualTo(TelegramCommands.LONG_POLL_SECONDS);
    assertThat(request.path("allowed_updates").toString()).isEqualTo("[\"message\"]");
  }

  @Test
  void ignoresOtherChatsLoggingEachOnce() throws Exception {
    bot.message(STRANGER, "/status", now(), 0);
    bot.message(STRANGER, "/mute 1h", now(), 0);
    bot.message(OPS_GROUP, "/help", now(), 0);

    JsonNode reply = bot.nextSent(10);

    assertThat(reply.path("chat_id").asLong()).as("only the allowed chat is answered").isEqualTo(OPS_GROUP);
    assertThat(bot.nextSent(1)).isNull();
    assertThat(mutes.mutedUntil(Long.toString(STRANGER), clock.instant())).isEmpty();
    assertThat(messages())
        .filteredOn(m -> m.contains("ignoring"))
        .containsExactly("alert channel 'ops': ignoring commands from chat 5550001, which is not in allowed_chats");
  }

  @Test
  void muteSilencesThatChatUntilItEnds() throws Exception {
    bot.message(OPS_GROUP, "/mute 2h", now(), 0);

    assertThat(bot.nextSent(10).path("text").asText()).startsWith("Notifications to this chat are muted until ");
    Instant until = mutes.mutedUntil(Long.toString(OPS_GROUP), clock.instant()).orElseThrow();
    assertThat(until).isBetween(clock.instant().plusSeconds(7190), clock.instant().plusSeconds(7210));

    bot.message(OPS_GROUP, "/mute off", now(), 0);

    assertThat(bot.nextSent(10).path("text").asText()).isEqualTo("Notifications to this chat are on again.");
    assertThat(mutes.mutedUntil(Long.toString(OPS_GROUP), clock.instant())).isEmpty();
  }

  @Test
  void skipsCommandsSentLongBeforeTheStart() throws Exception {
    bot.message(OPS_GROUP, "/mute 1d", now(), 600);
    bot.message(OPS_GROUP, "/help", now(), 0);

    assertThat(bot.nextSent(10).path("text").asText()).startsWith("/status:");
    assertThat(bot.nextSent(1)).isNull();
    assertThat(mutes.mutedUntil(Long.toString(OPS_GROUP), clock.instant())).isEmpty();
  }

  @Test
  void aBotApiErrorIsLoggedOnceAndRetriedAfterItsRetryAfter() throws Exception {
    bot.failNextGetUpdates(429, "Too Many Requests: retry after 1", 1);
    bot.failNextGetUpdates(409, "Conflict: terminated by other getUpdates request", null);
    bot.message(OPS_GROUP, "/help", now(), 0);

    assertThat(bot.nextSent(15)).as("answered once the API is back").isNotNull();
    assertThat(messages())
        .filteredOn(m -> m.contains("call failed"))
        .containsExactly(
            "alert channel 'ops': Bot API call failed (HTTP 429: 429 Too Many Requests: retry after 1); retrying,"
                + " first in PT1S");
    assertThat(messages()).contains("alert channel 'ops': Bot API answers again after 2 failed getUpdates");
  }

  private List<String> messages() {
    return List.copyOf(logged.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
