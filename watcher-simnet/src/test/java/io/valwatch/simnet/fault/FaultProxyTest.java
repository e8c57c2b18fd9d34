package io.valwatch.simnet.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultProxyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OkHttpClient client = new OkHttpClient.Builder()
      .readTimeout(Duration.ofSeconds(10))
      .followRedirects(false)
      .retryOnConnectionFailure(false)
      .build();
  private SimulatedChain chain;
  private SimnetServer server;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    chain = SimulatedChain.builder().chainId("fault-1").validator("alice", 10_000_000).validator("bob", 5_000_000).build();
    chain.produceBlocks(10);
    server = SimnetServer.builder(chain).grpc(false).rest(false).start();
    proxy = FaultProxy.start(server);
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Response get(String pathAndQuery) throws IOException {
    return client.newCall(new Request.Builder().url(proxy.url() + pathAndQuery).build()).execute();
  }

  private JsonNode getJson(String pathAndQuery) throws IOException {
    try (Response response = get(pathAndQuery)) {
      return MAPPER.readTree(response.body().string());
    }
  }

  private Response post(String json) throws IOException {
    return client.newCall(new Request.Builder().url(proxy.url() + "/")
        .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute();
  }

  @Test
  void withoutRulesEveryCallPassesUnchangedAndIsCounted() throws IOException {
    JsonNode status = getJson("/status");
    assertThat(status.at("/result/sync_info/latest_block_height").asText()).isEqualTo("10");
    assertThat(status.at("/result/node_info/network").asText()).isEqualTo("fault-1");
    try (Response response = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"block\",\"params\":{\"height\":\"4\"}}")) {
      JsonNode block = MAPPER.readTree(response.body().string());
      assertThat(block.get("id").asInt()).isEqualTo(7);
      assertThat(block.at("/result/block/header/height").asText()).isEqualTo("4");
    }
    assertThat(proxy.requestCount("status")).isEqualTo(1);
    assertThat(proxy.requestCount("block")).isEqualTo(1);
    assertThat(server.requestCount("block")).isEqualTo(1);
  }

  @Test
  void latencyDelaysEachOfManyConcurrentCallsOnItsOwn() throws Exception {
    proxy.add(FaultRule.on("status").fault(Fault.latency(Duration.ofMillis(300))).build());
    int calls = 32;
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      long start = System.nanoTime();
      List<Future<Long>> durations = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        durations.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          try (Response response = get("/status")) {
            assertThat(response.code()).isEqualTo(200);
          }
          return System.nanoTime() - t0;
        }));
      }
      for (Future<Long> d : durations) {
        assertThat(d.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
      }
      // One at a time would take 32 × 300 ms; in parallel they take a little over 300 ms.
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    } finally {
      pool.shutdownNow();
    }
    assertThat(proxy.rules().get(0).hits()).isEqualTo(calls);
  }

  @Test
  void tooManyRequestsCarriesRetryAfterAndStopsAfterTimes() throws IOException {
    FaultRule limited = proxy.add(FaultRule.on("block").times(2).fault(Fault.tooManyRequests(Duration.ofSeconds(3600))).build());
    for (int i = 0; i < 2; i++) {
      try (Response response = get("/block?height=3")) {
        assertThat(response.code()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("3600");
      }
    }
    try (Response response = get("/block?height=3")) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(limited.hits()).isEqualTo(2);
    assertThat(server.requestCount("block")).isEqualTo(1);
  }

  @Test
  void rateLimitAnswers429WithTheSecondsLeftInTheWindow() throws IOException {
    proxy.add(FaultRule.onEveryCall().fault(Fault.rateLimit(2, Duration.ofSeconds(60))).build());
    assertThat(get("/health").code()).isEqualTo(200);
    assertThat(get("/health").code()).isEqualTo(200);
    try (Response response = get("/health")) {
      assertThat(response.code()).isEqualTo(429);
      assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(59L, 60L);
    }
  }

  @Test
  void statusLiesAboutHeightAndNetworkOverBothTransports() throws IOException {
    proxy.add(FaultRule.on("status").times(1).fault(Fault.statusHeight(h -> h + 1_000_000)).build());
    assertThat(getJson("/status").at("/result/sync_info/latest_block_height").asText()).isEqualTo("1000010");
    assertThat(getJson("/status").at("/result/sync_info/latest_block_height").asText()).isEqualTo("10");
    proxy.add(FaultRule.on("status").fault(Fault.statusNetwork("other-9")).build());
    try (Response response = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{}}")) {
      assertThat(MAPPER.readTree(response.body().string()).at("/result/node_info/network").asText()).isEqualTo("other-9");
    }
    proxy.heal();
    proxy.add(FaultRule.on("status").fault(Fault.statusHeight(h -> -5)).build());
    assertThat(getJson("/status").at("/result/sync_info/latest_block_height").asText()).isEqualTo("-5");
  }

  @Test
  void blockNotAvailableAnswersLikeAPrunedNode() throws IOException {
    proxy.add(FaultRule.on("block").fault(Fault.blockNotAvailable(9_000_000_000L)).build());
    try (Response response = get("/block?height=5")) {
      assertThat(response.code()).isEqualTo(500);
      JsonNode error = MAPPER.readTree(response.body().string()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(-32603);
      assertThat(error.get("data").asText()).isEqualTo("height 5 is not available, lowest height is 9000000000");
    }
    try (Response response = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"block\",\"params\":{\"height\":\"6\"}}")) {
      assertThat(response.code()).isEqualTo(200);
      JsonNode body = MAPPER.readTree(response.body().string());
      assertThat(body.get("id").asInt()).isEqualTo(3);
      assertThat(body.at("/error/data").asText()).isEqualTo("height 6 is not available, lowest height is 9000000000");
    }
  }

  @Test
  void resetAndTruncateBreakTheAnswer() throws IOException {
    proxy.add(FaultRule.on("status").times(1).fault(Fault.reset()).build());
    assertThatThrownBy(() -> get("/status").close()).isInstanceOf(IOException.class);
    proxy.add(FaultRule.on("block").times(1).fault(Fault.truncate(100)).build());
    try (Response response = get("/block?height=2")) {
      assertThat(response.code()).isEqualTo(200);
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
    assertThat(getJson("/block?height=2").at("/result/block/header/height").asText()).isEqualTo("2");
  }

  @Test
  void hugeBodyIsWellFormedJsonOfExactlyTheSize() throws IOException {
    long size = 20L * 1024 * 1024;
    proxy.add(FaultRule.on("block").fault(Fault.hugeBody(size)).build());
    try (Response response = get("/block?height=2")) {
      assertThat(response.body().contentLength()).isEqualTo(size);
      long objects = 0;
      try (InputStream in = response.body().byteStream(); JsonParser parser = MAPPER.getFactory().createParser(in)) {
        for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
          if (t == JsonToken.START_OBJECT) {
            objects++;
          }
        }
        assertThat(parser.currentLocation().getByteOffset()).isEqualTo(size);
      }
      assertThat(objects).isGreaterThan(size / 4);
    }
  }

  @Test
  void hugeErrorCarriesALongData() throws IOException {
    proxy.add(FaultRule.on("status").fault(Fault.hugeError(4_000_000)).build());
    try (Response response = get("/status")) {
      assertThat(response.code()).isEqualTo(500);
      assertThat(response.body().contentLength()).isEqualTo(4_000_000);
      JsonNode body = MAPPER.readTree(response.body().string());
      assertThat(body.at("/error/data").asText()).hasSizeGreaterThan(3_999_900).matches("x+");
    }
  }

  @Test
  void redirectSendsTheClientToAnotherHost() throws IOException {
    proxy.add(FaultRule.on("status").fault(Fault.redirect("http://localhost:" + server.port())).build());
    try (Response response = get("/status?x=1")) {
      assertThat(response.code()).isEqualTo(307);
      assertThat(response.header("Location")).isEqualTo("http://localhost:" + server.port() + "/status?x=1");
    }
  }

  @Test
  void echoRequestLeaksPathKeysQueryValuesAndCredentials() throws IOException {
    try (FaultProxy keyed = FaultProxy.builder(server.url()).pathPrefix("/key/Ab12Cd34").start()) {
      assertThat(client.newCall(new Request.Builder().url(keyed.url() + "/status").build()).execute().code()).isEqualTo(200);
      assertThat(client.newCall(new Request.Builder().url("http://127.0.0.1:" + keyed.port() + "/status").build())
          .execute().code()).isEqualTo(404);
      keyed.add(FaultRule.on("status").fault(Fault.echoRequest(400)).build());
      Request request = new Request.Builder().url(keyed.url() + "/status?apikey=s3cretvalue")
          .header("Authorization", okhttp3.Credentials.basic("user", "hunter2")).build();
      try (Response response = client.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(400);
        assertThat(response.message()).contains("/key/Ab12Cd34/status?apikey=s3cretvalue", "Basic dXNlcjpodW50ZXIy");
        assertThat(MAPPER.readTree(response.body().string()).at("/error/data").asText())
            .contains("/key/Ab12Cd34/status?apikey=s3cretvalue", "Basic dXNlcjpodW50ZXIy");
      }
    }
  }

  @Test
  void websocketGoesSilentAfterTwoBlocksThenLiesThenSendsAHugeFrame() throws Exception {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    FaultRule silent = proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(2).times(3).fault(Fault.drop()).build());
    proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(5).times(1).fault(Fault.newBlockHeight(h -> h + 1_000_000)).build());
    proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(6).times(1).fault(Fault.hugeFrame(3_000_000)).build());
    WebSocket socket = client.newWebSocket(new Request.Builder().url(proxy.websocketUrl()).build(),
        new WebSocketListener() {
          @Override
          public void onMessage(WebSocket webSocket, String text) {
            messages.add(text);
          }

          @Override
          public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            failures.add(t);
          }
        });
    socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"subscribe\",\"id\":0,\"params\":{\"query\":\"tm.event='NewBlock'\"}}");
    assertThat(MAPPER.readTree(messages.poll(10, TimeUnit.SECONDS)).get("result").isObject()).isTrue();
    for (int i = 0; i < 7; i++) {
      chain.produceBlocks(1);
      Thread.sleep(20);
    }
    List<String> heights = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String message = messages.poll(10, TimeUnit.SECONDS);
      assertThat(message).as("message %d; failures %s", i, failures).isNotNull();
      if (message.length() > 1_000_000) {
        assertThat(message).hasSize(3_000_000);
        heights.add("huge");
      } else {
        heights.add(MAPPER.readTree(message).at("/result/data/value/block/header/height").asText());
      }
    }
    assertThat(heights).containsExactly("11", "12", "1000016", "huge");
    assertThat(silent.hits()).isEqualTo(3);
    assertThat(proxy.requestCount(FaultRule.NEW_BLOCK)).isEqualTo(7);
    assertThat(proxy.requestCount(FaultRule.WEBSOCKET)).isEqualTo(1);
    assertThat(server.requestCount("subscribe")).isEqualTo(1);
    socket.close(1000, null);
  }

  @Test
  void theFirstDecidingRuleWinsAndALaterOneKeepsItsTimesForLaterCalls() throws IOException {
    FaultRule first = proxy.add(FaultRule.on("status").times(2).fault(Fault.serviceUnavailable(Duration.ofSeconds(1))).build());
    FaultRule second = proxy.add(FaultRule.on("status").times(1).fault(Fault.statusNetwork("other-2")).build());
    FaultRule delay = proxy.add(FaultRule.on("status").fault(Fault.latency(Duration.ofMillis(1))).build());
    assertThat(get("/status").code()).isEqualTo(503);
    assertThat(get("/status").code()).isEqualTo(503);
    assertThat(getJson("/status").at("/result/node_info/network").asText()).isEqualTo("other-2");
    assertThat(getJson("/status").at("/result/node_info/network").asText()).isEqualTo("fault-1");
    assertThat(first.hits()).isEqualTo(2);
    assertThat(second.hits()).isEqualTo(1);
    assertThat(delay.hits()).as("delays add to whatever decides").isEqualTo(4);
  }

  @Test
  void healRemovesEveryRule() throws IOException {
    proxy.add(FaultRule.onEveryCall().fault(Fault.serviceUnavailable(Duration.ofSeconds(5))).build());
    try (Response response = get("/status")) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("5");
    }
    proxy.heal();
    assertThat(proxy.rules()).isEmpty();
    assertThat(get("/status").code()).isEqualTo(200);
  }
}
