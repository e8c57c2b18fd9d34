package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.Scenarios;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exporter watching a chain over {@code http://} and {@code ws://}, with no alert channel, loads neither the
 * JVM's trust store nor the platform MBean server: each costs a few MiB of resident memory for the life of the
 * process (bench/README.md, "Idle memory"). Its class log tells, in a JVM of its own.
 */
@Timeout(120)
class IdleFootprintTest {
  private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+/metrics)");

  @Test
  void anHttpOnlyExporterLoadsNoTrustStoreAndNoMBeanServer(@TempDir Path dir) throws Exception {
    SimulatedChain chain = Scenarios.demo().build();
    chain.produceBlocks(20);
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    Process process = null;
    try (SimnetServer node = SimnetServer.start(chain)) {
      chain.startProducing(producer);
      Path config = dir.resolve("valwatch.yaml");
      Files.writeString(config, "listen: 127.0.0.1:0\nchains:\n  - id: " + chain.chainId() + "\n    rpc: ["
          + node.url() + "]\n    start_height: 1\n");
      Path classes = dir.resolve("classes.log");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      process = new ProcessBuilder(List.of(java.toString(), "-Xlog:class+load=info:file=" + classes,
              "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString(),
              "--log-level", "ERROR"))
          .redirectErrorStream(true)
          .start();
      URI metrics = metricsUrl(process);

      awaitMetric(metrics, "valwatch_chain_height{");
      String loaded = awaitLoaded(classes, "jdk.internal.net.http.websocket.WebSocketImpl ");

      assertThat(loaded).as("the websocket subscription was opened").contains("WebSocketImpl");
      assertThat(loaded).doesNotContain("sun.security.ssl.TrustStoreManager ");
      assertThat(loaded).doesNotContain("com.sun.jmx.mbeanserver.JmxMBeanServer ");
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      chain.stopProducing();
      producer.shutdownNow();
    }
  }

  private static URI metricsUrl(Process process) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher m = METRICS_URL.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("the exporter did not start");
  }

  private static void awaitMetric(URI metrics, String text) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body().contains(text)) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not answering yet
      }
      Thread.sleep(100);
    }
  }

  private static String awaitLoaded(Path classes, String name) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    String loaded = "";
    while (System.nanoTime() < deadline) {
      loaded = Files.readString(classes);
      if (loaded.contains(name)) {
        Thread.sleep(2_000); // and whatever the first pushed blocks load
        return Files.readString(classes);
      }
      Thread.sleep(100);
    }
    return loaded;
  }
}
