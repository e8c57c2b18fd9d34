package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.model.ChainSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class CleartextHttpTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static ChainSpec chain(String rpc) {
    return ChainSpec.builder("test-1").rpcEndpoint(rpc).build();
  }

  @Test
  void sufficesWhenEveryUrlIsHttp() {
    assertThat(CleartextHttp.suffices(List.of(chain("http://127.0.0.1:26657"), chain("http://10.0.0.2:26657"))))
        .isTrue();
    assertThat(CleartextHttp.suffices(List.of())).isTrue();
  }

  @Test
  void anHttpsEndpointOrOptionNeedsTls() {
    assertThat(CleartextHttp.suffices(List.of(chain("http://127.0.0.1:26657"), chain("https://rpc.example"))))
        .isFalse();
    ChainSpec restOverTls =
        chain("http://127.0.0.1:26657").toBuilder()
            .pluginOption("transport", "rest")
            .pluginOption("rest", List.of("http://127.0.0.1:1317", "HTTPS://lcd.example"))
            .build();
    assertThat(CleartextHttp.suffices(List.of(restOverTls))).isFalse();
    ChainSpec nested =
        chain("http://127.0.0.1:26657").toBuilder().pluginOption("endpoints", Map.of("a", List.of("https://x"))).build();
    assertThat(CleartextHttp.suffices(List.of(nested))).isFalse();
  }

  @Test
  void aCleartextClientSpeaksHttp() throws IOException {
    OkHttpClient client = CleartextHttp.only(new OkHttpClient.Builder()).build();
    server.enqueue(new MockResponse.Builder().body("ok").build());

    try (Response response = client.newCall(new Request.Builder().url(server.url("/status")).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
  }

  @Test
  void anHttpsRequestFailsAsAnIoErrorThatSaysWhy() {
    OkHttpClient client = CleartextHttp.only(new OkHttpClient.Builder()).build();

    assertThatThrownBy(() -> client.newCall(new Request.Builder().url("https://127.0.0.1:1/status").build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("https is off");
  }

  @Test
  void aRedirectToHttpsIsTheAnswerNotAnUncheckedError() throws IOException {
    OkHttpClient client = CleartextHttp.only(new OkHttpClient.Builder()).build();
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "https://127.0.0.1:1/status").build());

    try (Response response = client.newCall(new Request.Builder().url(server.url("/status")).build()).execute()) {
      assertThat(response.code()).isEqualTo(301);
    }
  }
}
