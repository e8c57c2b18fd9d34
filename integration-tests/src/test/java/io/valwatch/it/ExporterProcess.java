package io.valwatch.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real exporter, {@code valwatch run --config}, in a process of its own started from the test class path,
 * so that it can be given a small heap, stopped like a service and have its log read.
 */
final class ExporterProcess implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ExporterProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** An HTTP answer of the exporter. */
  record Reply(int code, String body) {}

  /**
   * Writes {@code chainsYaml} (the items of the {@code chains:} list) and the listen address into a config in
   * {@code dir}, starts the exporter with {@code -Xmx<maxHeap>} and waits until {@code /healthz} answers.
   */
  static ExporterProcess start(Path dir, String maxHeap, String chainsYaml) throws IOException {
    return start(dir, maxHeap, "", chainsYaml);
  }

  /** Like {@link #start(Path, String, String)} with more top-level keys, such as {@code state_dir}. */
  static ExporterProcess start(Path dir, String maxHeap, String topLevelYaml, String chainsYaml) throws IOException {
    for (int attempt = 1; ; attempt++) {
      ExporterProcess exporter = launch(dir, freePort(), maxHeap, topLevelYaml + "chains:\n" + chainsYaml);
      try {
        exporter.awaitHealthy();
        return exporter;
      } catch (AssertionError e) {
        // The free port was taken by someone else before the exporter bound it: try another.
        if (attempt == 3 || exporter.alive() || !exporter.log().contains("already in use")) {
          exporter.close();
          throw e;
        }
      }
    }
  }

  private static ExporterProcess launch(Path dir, int port, String maxHeap, String yaml) throws IOException {
    Path config = dir.resolve("valwatch.yaml");
    Files.writeString(config, "listen: 127.0.0.1:" + port + "\n" + yaml);
    Path log = dir.resolve("exporter.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // C1 only: the exporter starts faster, and tests need no peak speed.
        "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1",
        "-cp", exporterClassPath(), "io.valwatch.exporter.Main", "run", "--config", config.toString()));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new ExporterProcess(process, port, log);
  }

  /** The test class path without slf4j-simple, so that the exporter logs through its own logback. */
  private static String exporterClassPath() {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !entry.contains("slf4j-simple"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("the exporter exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (get("/healthz").code() == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the exporter did not answer /healthz within " + START_LIMIT + ":\n" + log());
      }
      sleep(50);
    }
  }

  /** GETs {@code path} from the exporter. */
  Reply get(String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply readyz() {
    return get("/readyz");
  }

  /** The current samples of {@code /metrics}. */
  Samples metrics() {
    Reply reply = get("/metrics");
    if (reply.code() != 200) {
      throw new AssertionError("/metrics answered " + reply.code() + ": " + reply.body());
    }
    return Samples.parse(reply.body());
  }

  /** Everything the exporter wrote to stdout and stderr so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  long logSize() {
    return log.toFile().length();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Stops the exporter like a service manager: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
