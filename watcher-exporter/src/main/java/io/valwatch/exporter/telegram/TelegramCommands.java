package io.valwatch.exporter.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.exporter.alerts.Channels;
import io.valwatch.exporter.alerts.ChatMutes;
import io.valwatch.model.ChainStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers chat commands for one telegram channel ({@code commands: true}) by long polling the Bot API's
 * {@code getUpdates}, so no port needs to be open to the internet. Only messages from the channel's
 * {@code allowed_chats} are answered; others are ignored, each chat logged once. Commands sent more than a
 * minute before the start are skipped, so that a restart does not replay old {@code /mute}s. When the Bot API
 * cannot be reached or refuses, the poller logs once, waits (the API's {@code retry_after}, else 1 s doubling
 * up to a minute) and tries again until it is closed.
 */
public final class TelegramCommands implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelegramCommands.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** How long one getUpdates waits for a message on Telegram's side. */
  static final int LONG_POLL_SECONDS = 30;
  private static final Duration STALE = Duration.ofMinutes(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final String channel;
  private final HttpUrl getUpdates;
  private final HttpUrl sendMessage;
  private final Set<String> allowedChats;
  private final BotCommands commands;
  private final OkHttpClient http;
  private final Instant startedAt;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Set<String> ignoredChats = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Call current;
  private long offset;
  private int failures;

  private TelegramCommands(
      ChannelSpec spec, Supplier<List<ChainStatus>> status, ChatMutes mutes, OkHttpClient http, Clock clock) {
    this.channel = spec.name();
    this.getUpdates = Channels.telegramMethod(spec, "getUpdates");
    this.sendMessage = Channels.telegramMethod(spec, "sendMessage");
    this.allowedChats = spec.commandChats();
    this.commands = new BotCommands(status, mutes, clock);
    this.http = http.newBuilder().callTimeout(Duration.ofSeconds(LONG_POLL_SECONDS + 15)).build();
    this.startedAt = clock.instant();
    this.thread = new Thread(this::run, "valwatch-telegram-" + spec.name());
    thread.setDaemon(true);
  }

  /** Starts answering the commands of {@code spec}'s chats on a thread of its own. */
  public static TelegramCommands start(
      ChannelSpec spec, Supplier<List<ChainStatus>> status, ChatMutes mutes, OkHttpClient http, Clock clock) {
    if (spec.commandChats().isEmpty()) {
      throw new IllegalArgumentException("channel '" + spec.name() + "' answers no commands");
    }
    TelegramCommands poller = new TelegramCommands(spec, status, mutes, http, clock);
    log.info("alert channel '{}': answering commands from {} chat(s)", spec.name(), spec.commandChats().size());
    poller.thread.start();
    return poller;
  }

  private void run() {
    while (running) {
      Duration wait;
      try {
        JsonNode result =
            call(getUpdates, mapper.createObjectNode()
                .put("offset", offset)
                .put("timeout", LONG_POLL_SECONDS)
                .set("allowed_updates", mapper.createArrayNode().add("message")));
        if (failures > 0) {
          log.info("alert channel '{}': Bot API answers again after {} failed getUpdates", channel, failures);
          failures = 0;
        }
        for (JsonNode update : result) {
          offset = Math.max(offset, update.path("update_id").asLong() + 1);
          handle(update.path("message"));
        }
        continue;
      } catch (BotApiException e) {
        wait = e.retryAfter.orElse(backoff());
        failed(e.getMessage(), wait);
      }
      sleep(wait);
    }
  }

  private void handle(JsonNode message) throws BotApiException {
    if (!message.isObject() || !message.path("text").isTextual()) {
      return;
    }
    String chatId = message.path("chat").path("id").asText();
    if (!allowedChats.contains(chatId)) {
      if (ignoredChats.add(chatId)) {
        log.warn("alert channel '{}': ignoring commands from chat {}, which is not in allowed_chats", channel, chatId);
      }
      return;
    }
    if (Instant.ofEpochSecond(message.path("date").asLong()).isBefore(startedAt.minus(STALE))) {
      return;
    }
    Optional<String> answer = commands.answer(chatId, message.path("text").asText());
    if (answer.isPresent()) {
      ObjectNode body = mapper.createObjectNode();
      body.set("chat_id", message.path("chat").path("id"));
      body.put("text", answer.get());
      body.putObject("reply_parameters").put("message_id", message.path("message_id").asLong());
      call(sendMessage, body);
    }
  }

  /** One Bot API call; its {@code result}. */
  private JsonNode call(HttpUrl url, ObjectNode body) throws BotApiException {
    Request request =
        new Request.Builder()
            .url(url)
            .header("User-Agent", "valwatch")
            .post(RequestBody.create(body.toString(), JSON))
            .build();
    Call call = http.newCall(request);
    current = call;
    try (Response response = call.execute()) {
      JsonNode answer;
      try {
        answer = mapper.readTree(response.body().string());
      } catch (IOException e) {
        throw new BotApiException("HTTP " + response.code() + " without a JSON answer", Optional.empty());
      }
      if (response.isSuccessful() && answer.path("ok").asBoolean()) {
        return answer.path("result");
      }
      JsonNode retryAfter = answer.path("parameters").path("retry_after");
      throw new BotApiException(
          "HTTP " + response.code() + ": " + answer.path("error_code").asText() + " "
              + answer.path("description").asText(),
          retryAfter.canConvertToLong() ? Optional.of(Duration.ofSeconds(retryAfter.asLong())) : Optional.empty());
    } catch (IOException e) {
      // The message names the host at most, never the path, which holds the token.
      throw new BotApiException(e.getClass().getSimpleName(), Optional.empty());
    }
  }

  private void failed(String problem, Duration wait) {
    failures++;
    if (!running) {
      return;
    }
    if (failures == 1) {
      log.warn("alert channel '{}': Bot API call failed ({}); retrying, first in {}", channel, problem, wait);
    } else {
      log.debug("alert channel '{}': Bot API call failed again ({})", channel, problem);
    }
  }

  private Duration backoff() {
    Duration wait = Duration.ofSeconds(1L << Math.min(failures, 6));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops polling, cancelling the call in flight. */
  @Override
  public void close() {
    running = false;
    Call call = current;
    if (call != null) {
      call.cancel();
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A Bot API call that did not succeed. */
  private static final class BotApiException extends Exception {
    private final Optional<Duration> retryAfter;

    BotApiException(String message, Optional<Duration> retryAfter) {
      super(message, null, false, false);
      this.retryAfter = retryAfter;
    }
  }
}
