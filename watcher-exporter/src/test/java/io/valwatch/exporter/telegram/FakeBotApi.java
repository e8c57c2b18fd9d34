package io.valwatch.exporter.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Telegram Bot API for one bot token, as documented at core.telegram.org/bots/api: {@code POST
 * /bot<token>/getUpdates} with {@code offset}, {@code timeout} and {@code allowed_updates} answers
 * {@code {"ok":true,"result":[Update…]}} with the updates whose {@code update_id} is at least the offset (an
 * update is confirmed, and forgotten, once a later offset is asked for), holding the request up to a short
 * while when there are none; {@code sendMessage} answers the sent Message. Errors have the documented shape
 * {@code {"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}}.
 */
public final class FakeBotApi extends Dispatcher {
  public static final String TOKEN = "123456789:AAE-fake_token_for_tests";
  private static final long HOLD_MILLIS = 200;

  private final ObjectMapper json = new ObjectMapper();
  private final List<ObjectNode> updates = new ArrayList<>();
  private final Deque<MockResponse> getUpdatesErrors = new ArrayDeque<>();
  private final LinkedBlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();
  private final List<Long> offsets = new ArrayList<>();
  private JsonNode lastGetUpdates;
  private long nextUpdateId = 700_000_001;
  private int nextMessageId = 1;

  /** A user's text message in {@code chatId}, sent {@code secondsAgo} seconds before {@code now}. */
  public synchronized void message(long chatId, String text, long nowEpochSecond, long secondsAgo) {
    ObjectNode update = json.createObjectNode().put("update_id", nextUpdateId++);
    ObjectNode message = update.putObject("message");
    message.put("message_id", nextMessageId++);
    message.putObject("from").put("id", 424242).put("is_bot", false).put("first_name", "Operator");
    message.put("date", nowEpochSecond - secondsAgo);
    ObjectNode chat = message.putObject("chat").put("id", chatId);
    if (chatId < 0) {
      chat.put("type", "supergroup").put("title", "validator ops");
    } else {
      chat.put("type", "private").put("first_name", "Operator");
    }
    message.put("text", text);
    if (text.startsWith("/")) {
      int end = text.indexOf(' ');
      message.putArray("entities").addObject().put("type", "bot_command").put("offset", 0)
          .put("length", end < 0 ? text.length() : end);
    }
    updates.add(update);
    notifyAll();
  }

  /** The next getUpdates is answered with this Bot API error. */
  synchronized void failNextGetUpdates(int code, String description, Integer retryAfter) {
    ObjectNode error = json.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
    if (retryAfter != null) {
      error.putObject("parameters").put("retry_after", retryAfter);
    }
    getUpdatesErrors.add(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body(error.toString()).build());
  }

  /** The next sendMessage body, or null after {@code seconds}. */
  public JsonNode nextSent(long seconds) throws InterruptedException {
    return sent.poll(seconds, TimeUnit.SECONDS);
  }

  /** The body of the last getUpdates call answered with updates. */
  synchronized JsonNode lastGetUpdates() {
    return lastGetUpdates;
  }

  synchronized List<Long> offsets() {
    return List.copyOf(offsets);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    if (!path.startsWith("/bot" + TOKEN + "/")) {
      return error(401, "Unauthorized");
    }
    JsonNode body = parse(request);
    return switch (path.substring(path.lastIndexOf('/') + 1)) {
      case "getUpdates" -> getUpdates(body);
      case "sendMessage" -> sendMessage(body);
      default -> error(404, "Not Found");
    };
  }

  private synchronized MockResponse getUpdates(JsonNode body) throws InterruptedException {
    if (!getUpdatesErrors.isEmpty()) {
      return getUpdatesErrors.poll();
    }
    long offset = body.path("offset").asLong(0);
    offsets.add(offset);
    lastGetUpdates = body;
    updates.removeIf(u -> u.path("update_id").asLong() < offset);
    if (updates.isEmpty() && body.path("timeout").asInt(0) > 0) {
      wait(HOLD_MILLIS);
    }
    ArrayNode result = json.createArrayNode();
    updates.stream()
        .filter(u -> u.path("update_id").asLong() >= offset)
        .filter(u -> allowed(body, u))
        .forEach(result::add);
    return ok(result);
  }

  private static boolean allowed(JsonNode body, JsonNode update) {
    JsonNode allowed = body.path("allowed_updates");
    if (!allowed.isArray() || allowed.isEmpty()) {
      return true;
    }
    for (JsonNode type : allowed) {
      if (update.has(type.asText())) {
        return true;
      }
    }
    return false;
  }

  private MockResponse sendMessage(JsonNode body) {
    if (!body.has("chat_id") || !body.path("text").isTextual() || body.path("text").asText().isEmpty()) {
      return error(400, "Bad Request: message text is empty");
    }
    if (body.path("text").asText().length() > 4096) {
      return error(400, "Bad Request: message is too long");
    }
    sent.add(body);
    ObjectNode message = json.createObjectNode().put("message_id", 9000 + sent.size()).put("date", 0);
    message.putObject("chat").set("id", body.path("chat_id"));
    message.put("text", body.path("text").asText());
    return ok(message);
  }

  private MockResponse ok(JsonNode result) {
    ObjectNode answer = json.createObjectNode().put("ok", true);
    answer.set("result", result);
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(answer.toString()).build();
  }

  private MockResponse error(int code, String description) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body(json.createObjectNode().put("ok", false).put("error_code", code).put("description", description).toString())
        .build();
  }

  private JsonNode parse(RecordedRequest request) {
    try {
      return request.getBody() == null ? json.createObjectNode() : json.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
