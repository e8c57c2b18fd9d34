package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts JSON to one URL and turns the answer into success or a {@link DeliveryException}: server errors (5xx),
 * rate limits (429) and network errors are retryable, other statuses are not. Credentials in the URL ({@code
 * https://user:password@host/…}) are sent as HTTP basic authentication, not as part of the URL. Messages never
 * contain the URL or another secret of the channel.
 */
final class JsonPoster {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_ERROR_TEXT = 200;

  private final OkHttpClient client;
  private final HttpUrl url;
  private final String authorization;
  private final Secrets secrets;
  private final ObjectMapper mapper;
  private final Clock clock;

  JsonPoster(OkHttpClient client, HttpUrl url, Secrets secrets, ObjectMapper mapper, Clock clock) {
    this.client = client;
    this.url = url.newBuilder().username("").password("").build();
    this.authorization =
        url.username().isEmpty() && url.password().isEmpty()
            ? null
            : Credentials.basic(url.username(), url.password(), StandardCharsets.UTF_8);
    this.secrets = secrets;
    this.mapper = mapper;
    this.clock = clock;
  }

  void post(JsonNode body) throws DeliveryException {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
    Request.Builder request =
        new Request.Builder().url(url).header("User-Agent", "valwatch").post(RequestBody.create(bytes, JSON));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      if (response.isSuccessful()) {
        return;
      }
      String text = response.body().string();
      int code = response.code();
      throw new DeliveryException(
          "HTTP " + code + errorText(text),
          code == 429 || code >= 500,
          RetryAfter.of(response.header("Retry-After"), parse(text), clock.instant()));
    } catch (IOException e) {
      throw new DeliveryException(
          "request failed: " + secrets.scrub(e.getClass().getSimpleName() + ": " + e.getMessage()),
          true,
          Optional.empty());
    }
  }

  private String errorText(String body) {
    String line = secrets.scrub(body).replaceAll("\\s+", " ").strip();
    if (line.isEmpty()) {
      return "";
    }
    return ": " + (line.length() > MAX_ERROR_TEXT ? line.substring(0, MAX_ERROR_TEXT) + "…" : line);
  }

  private JsonNode parse(String body) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
