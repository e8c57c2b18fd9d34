package io.valwatch.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class PostEffectTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

  private PostEffect effect(String userInfo, Duration timeout) {
    String url = server.url("/hooks/fence?key=k3y").toString().replace("://", "://" + userInfo);
    return new PostEffect(url, Map.of("X-Token", "t0ken"), timeout, http);
  }

  @Test
  void postsTheOccurrenceAsJsonWithItsCredentials() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).build());

    EffectResult r = effect("ops:pa55@", Duration.ofSeconds(5)).run("fence", ActionRunnerTest.occurrence("ep-1"));

    assertThat(r).isEqualTo(EffectResult.succeeded("HTTP 202"));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/fence");
    assertThat(request.getHeaders().get("X-Token")).isEqualTo("t0ken");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic b3BzOnBhNTU=");
    JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(body.path("action").asText()).isEqualTo("fence");
    assertThat(body.path("episode").asText()).isEqualTo("ep-1");
    assertThat(body.path("chain").asText()).isEqualTo("cosmoshub-4");
    assertThat(body.path("severity").asText()).isEqualTo("critical");
    assertThat(body.path("firing_since").asText()).isEqualTo("2026-05-01T03:00:00Z");
    assertThat(body.path("labels").path("label").asText()).isEqualTo("main");
  }

  @Test
  void aRefusalFailsOnceWithoutRetryingOrEchoingSecrets() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).body("down for k3y and pa55").build());
    server.enqueue(new MockResponse.Builder().code(200).build());

    PostEffect effect = effect("ops:pa55@", Duration.ofSeconds(5));
    EffectResult r = effect.run("fence", ActionRunnerTest.occurrence("e"));

    assertThat(r).isEqualTo(EffectResult.failed("HTTP 503: down for *** and ***"));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(effect.describe()).isEqualTo("POST to http://" + server.getHostName() + ":" + server.getPort() + "/…");
  }

  @Test
  void noAnswerInTimeIsATimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(3, java.util.concurrent.TimeUnit.SECONDS).build());
    EffectResult r = effect("", Duration.ofMillis(300)).run("fence", ActionRunnerTest.occurrence("e"));
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.detail()).doesNotContain("k3y");
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/elsewhere").build());
    EffectResult r = effect("", Duration.ofSeconds(5)).run("fence", ActionRunnerTest.occurrence("e"));
    assertThat(r).isEqualTo(EffectResult.failed("HTTP 307"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
