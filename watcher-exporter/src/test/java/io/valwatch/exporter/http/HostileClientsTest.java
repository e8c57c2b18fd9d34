package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Clients that trickle, hang or vanish must not take the exporter's endpoints down or fill its log. */
@Timeout(60)
class HostileClientsTest {
  private static final byte[] REQUEST_HEAD = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private ExporterHttpServer server;

  @AfterEach
  void stop() throws Exception {
    trickle.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void healthzAnswersWithinASecondWhileFiftyClientsSendTheirHeadersSlowly() throws Exception {
    server = ExporterHttpServer.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), List::of);
    for (int i = 0; i < 50; i++) {
      Socket socket = new Socket("127.0.0.1", server.port());
      sockets.add(socket);
      socket.getOutputStream().write(REQUEST_HEAD, 0, 1);
    }
    AtomicInteger sent = new AtomicInteger(1);
    trickle.scheduleAtFixedRate(() -> sendOneMoreByteEach(sent), 200, 200, TimeUnit.MILLISECONDS);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Thread.sleep(1_000);

    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(millis).isLessThan(1_000);
    }
    // The slow clients still hold their connections: the server answered beside them, not after dropping them.
    assertThat(sockets).allSatisfy(socket -> assertThat(socket.isClosed()).isFalse());
    assertThat(sent.get()).isGreaterThan(3);
  }

  @Test
  void aClientThatKeepsTricklingIsDisconnectedAtTheRequestDeadline() throws Exception {
    server =
        ExporterHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), List::of)
            .requestDeadline(Duration.ofSeconds(1))
            .start();
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(REQUEST_HEAD, 0, 1);
    AtomicInteger sent = new AtomicInteger(1);
    trickle.scheduleAtFixedRate(() -> sendOneMoreByteEach(sent), 100, 100, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();

    int read = socket.getInputStream().read();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(read).as("the server closes without answering").isEqualTo(-1);
    assertThat(millis).isBetween(900L, 3_000L);
  }

  @Test
  void aClientThatDisconnectsDuringTheScrapeLeavesNoWarningInTheLog() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge big = Gauge.builder().name("big_gauge").help("many series").labelNames("i").register(registry);
    for (int i = 0; i < 60_000; i++) {
      big.labelValues(Integer.toString(i)).set(i);
    }
    server = ExporterHttpServer.start(new InetSocketAddress("127.0.0.1", 0), registry, List::of);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logged.start();
    root.addAppender(logged);
    List<LogRecord> julRecords = new ArrayList<>();
    Handler jul = new Handler() {
      @Override public void publish(LogRecord record) {
        synchronized (julRecords) {
          julRecords.add(record);
        }
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    java.util.logging.Logger.getLogger("").addHandler(jul);
    try {
      for (int i = 0; i < 5; i++) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          socket.setReceiveBufferSize(1024);
          OutputStream out = socket.getOutputStream();
          out.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          InputStream in = socket.getInputStream();
          assertThat(in.read(new byte[100])).isPositive();
          socket.setSoLinger(true, 0);
        }
      }
      Thread.sleep(1_000);
      HttpResponse<String> after =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
    } finally {
      root.detachAppender(logged);
      java.util.logging.Logger.getLogger("").removeHandler(jul);
    }

    assertThat(logged.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    synchronized (julRecords) {
      assertThat(julRecords).noneMatch(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
    }
  }

  private void sendOneMoreByteEach(AtomicInteger sent) {
    int next = sent.get();
    if (next >= REQUEST_HEAD.length) {
      return;
    }
    for (Socket socket : sockets) {
      try {
        socket.getOutputStream().write(REQUEST_HEAD[next]);
      } catch (Exception e) {
        // A socket the server closed: the test asserts on that separately.
      }
    }
    sent.incrementAndGet();
  }
}
