package io.valwatch.bench;

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
import java.util.List;
import java.util.function.Predicate;

/**
 * A JVM of its own on 127.0.0.1 (the exporter, or the minimal server that is the floor), with what the
 * benchmarks read from outside: resident memory and CPU time from {@code /proc}, HTTP answers and their time.
 */
final class ExporterJvm implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final int port;
  private final long startedNanos;

  private ExporterJvm(Process process, int port, long startedNanos) {
    this.process = process;
    this.port = port;
    this.startedNanos = startedNanos;
  }

  /** {@code java <jvmOptions> <args...>}, its output in {@code log}; {@code args} may use {@code {port}}. */
  static ExporterJvm start(List<String> jvmOptions, List<String> args, Path log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    args.forEach(a -> command.add(a.replace("{port}", Integer.toString(port))));
    long started = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ExporterJvm(p, port, started);
  }

  /** The flags of a {@code jvm.options} file: one or more per line, {@code #} starts a comment. */
  static List<String> readOptions(Path file) throws IOException {
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String flags = line.replaceAll("#.*", "").strip();
      if (!flags.isEmpty()) {
        options.addAll(List.of(flags.split("\\s+")));
      }
    }
    return options;
  }

  int port() {
    return port;
  }

  /** Waits until {@code path} answers 200 with a body that passes {@code ready}; returns the seconds since start. */
  double awaitAnswer(String path, Predicate<String> ready, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the JVM exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> r = get(path);
        if (r.statusCode() == 200 && ready.test(r.body())) {
          return (System.nanoTime() - startedNanos) / 1e9;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(path + " not ready within " + limit);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Resident set size in MiB, from {@code /proc/<pid>/status}. */
  double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for " + process.pid());
  }

  /** User plus system CPU time of the process so far, in seconds. */
  double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
  }

  /**
   * Heap in use after a full collection, in MiB, read with {@code jcmd}. With the serial collector only the
   * tenured generation counts: its full collection moves every live object there, and what the young
   * generation holds by the time the figure is read was allocated after the collection.
   */
  double liveHeapMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    // "garbage-first heap total 262144K, used 23456K" (G1), "def new generation ... used 219K" and
    // "tenured generation ... used 8000K" (Serial); metaspace lines are not heap.
    java.util.regex.Pattern used = java.util.regex.Pattern.compile("used (\\d+)K");
    boolean serial = info.contains("tenured generation");
    long usedK = 0;
    for (String line : info.split("\n")) {
      java.util.regex.Matcher m = used.matcher(line);
      boolean counted = serial ? line.contains("tenured generation") : line.contains("heap");
      if (counted && m.find()) {
        usedK += Long.parseLong(m.group(1));
      }
    }
    return usedK / 1024.0;
  }

  /** The first {@code lines} rows of the live objects' class histogram ({@code jcmd GC.class_histogram}). */
  String classHistogram(int lines) throws IOException, InterruptedException {
    String[] rows = jcmd("GC.class_histogram").split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(rows, 0, Math.min(rows.length, lines + 3)));
  }

  /**
   * The process's threads ({@code jcmd Thread.print}), counted by name with each run of digits as {@code N},
   * most first: "{@code 62 threads: valwatch-chain 50, HttpClient-N-SelectorManager 1, ...}".
   */
  String threads() throws IOException, InterruptedException {
    java.util.Map<String, Integer> byName = new java.util.TreeMap<>();
    java.util.regex.Pattern header = java.util.regex.Pattern.compile("^\"(.*)\" #\\d+");
    int total = 0;
    for (String line : jcmd("Thread.print").split("\n")) {
      java.util.regex.Matcher m = header.matcher(line);
      if (m.find()) {
        byName.merge(m.group(1).replaceAll("\\d+", "N"), 1, Integer::sum);
        total++;
      }
    }
    StringBuilder text = new StringBuilder(total + " threads:");
    byName.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> text.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(','));
    text.setLength(text.length() - 1);
    return text.toString();
  }

  /** Writes the live heap to {@code file} in HPROF format ({@code jcmd GC.heap_dump}). */
  void heapDump(Path file) throws IOException, InterruptedException {
    jcmd("GC.heap_dump", file.toAbsolutePath().toString());
  }

  private String jcmd(String... command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid())));
    argv.addAll(List.of(command));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
