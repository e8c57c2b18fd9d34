package io.valwatch.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.rpc.EmittedText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * POSTs the occurrence as JSON to a URL: {@code {"action", "episode", "chain", "subject", "kind", "severity",
 * "summary", "description", "firing_since", "labels"}}. A 2xx answer is success. One request, never
 * retried (a request that timed out may have been acted on), redirects not followed. Credentials in the URL
 * are sent as HTTP basic authentication; the URL is shown as scheme, host and port only.
 */
public final class PostEffect implements Effect {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType MEDIA_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final long ANSWER_SHOWN = 2_048;

  private final HttpUrl url;
  private final String shownUrl;
  private final Map<String, String> headers;
  private final OkHttpClient http;

  /**
   * @param url an http or https URL
   * @param headers request headers, such as {@code Authorization} (never logged)
   * @param timeout for the whole request, connecting and reading included
   * @param http the client to derive this effect's from
   */
  public PostEffect(String url, Map<String, String> headers, Duration timeout, OkHttpClient http) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http or https URL");
    }
    this.url = parsed;
    this.shownUrl = parsed.scheme() + "://" + parsed.host()
        + (parsed.port() == HttpUrl.defaultPort(parsed.scheme()) ? "" : ":" + parsed.port()) + "/…";
    this.headers = Map.copyOf(headers);
    this.http =
        http.newBuilder()
            .callTimeout(Objects.requireNonNull(timeout, "timeout"))
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .build();
  }

  @Override
  public EffectResult run(String action, Occurrence occurrence) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    OccurrenceFields.of(action, occurrence).forEach(body::put);
    ObjectNode labels = body.putObject("labels");
    occurrence.labels().forEach(labels::put);
    Request.Builder request =
        new Request.Builder().url(url).post(RequestBody.create(body.toString(), MEDIA_TYPE));
    headers.forEach(request::header);
    if (!url.username().isEmpty()) {
      request.header("Authorization", Credentials.basic(url.username(), url.password()));
    }
    try (Response response = http.newCall(request.build()).execute()) {
      String status = "HTTP " + response.code();
      if (response.isSuccessful()) {
        return EffectResult.succeeded(status);
      }
      ResponseBody answer = response.body();
      String text = "";
      if (answer != null) {
        answer.source().request(ANSWER_SHOWN);
        Buffer buffer = answer.source().getBuffer();
        text = buffer.readUtf8(Math.min(buffer.size(), ANSWER_SHOWN));
      }
      return EffectResult.failed(status + (text.isBlank() ? "" : ": " + shown(text)));
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while posting");
      }
      return EffectResult.timedOut("no answer from " + shownUrl + ": " + shown(e.getMessage()));
    } catch (IOException e) {
      return EffectResult.failed("cannot post to " + shownUrl + ": " + shown(e.getMessage()));
    }
  }

  /** Outside text made safe to show: without the URL or its credentials, printable, capped. */
  private String shown(String text) {
    String scrubbed = text == null ? "" : text.replace(url.toString(), shownUrl);
    List<String> secrets = new ArrayList<>(List.of(url.password(), url.encodedPassword()));
    for (int i = 0; i < url.querySize(); i++) {
      secrets.add(url.queryParameterValue(i));
    }
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        scrubbed = scrubbed.replace(secret, "***");
      }
    }
    return EmittedText.printable(EmittedText.cap(scrubbed, 300));
  }

  @Override
  public String describe() {
    return "POST to " + shownUrl;
  }
}
