package io.valwatch.bench;

import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The exporter's footprint as a daemon, measured from outside its process against a floor in the same run:
 *
 * <ul>
 *   <li>(c) {@code --chains} simulated chains of {@code --validators} validators with {@code --window}-height
 *       slashing windows, every chain halted after {@code --heights} blocks: CPU with every chain halted (floor:
 *       an idle minimal JDK HTTP server), RSS and heap in use after a full collection, and {@code /metrics}
 *       time and size with 5 and with 200 tracked validators per chain (floor: the minimal server sending the
 *       same bytes);
 *   <li>(e) one chain of 5 validators producing a block a second: start to the first {@code /metrics} answer and
 *       to the first with a processed height, and RSS after {@code --idle-seconds} (floor: the minimal server,
 *       started and measured the same way). With {@code --https-channel} the exporter also has an alert channel
 *       posting to an {@code https://} URL on 127.0.0.1 (never called while nothing fires), so that it loads the
 *       TLS stack as it does for anyone with an {@code https://} endpoint or notifier.
 * </ul>
 *
 * Arguments: {@code --exporter-jar} (default {@code watcher-exporter/target/valwatch-exporter.jar}; several,
 * separated by commas, are measured in turn against the same chains, to compare builds side by side),
 * {@code --jvm-options} (a file of flags, default {@code watcher-exporter/jvm.options}; {@code none} for the
 * JVM's defaults), {@code --only c|e}, {@code --tracked 5,200}, {@code --histogram N} (print the N classes
 * holding most of the exporter's live heap in (c), to find what holds it), {@code --heap-dump FILE} (write its
 * live heap there; {@code {tracked}} and {@code {jar}} in the name are replaced), and the sizes above.
 */
public final class FootprintBenchmark {
  private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(20);

  private FootprintBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Path> jars =
        Arrays.stream(Args.value(args, "--exporter-jar", "watcher-exporter/target/valwatch-exporter.jar").split(","))
            .map(Path::of)
            .toList();
    String optionsFile = Args.value(args, "--jvm-options", "watcher-exporter/jvm.options");
    List<String> options = optionsFile.equals("none") ? List.of() : ExporterJvm.readOptions(Path.of(optionsFile));
    String only = Args.value(args, "--only", "");
    Path work = Files.createTempDirectory("valwatch-footprint");
    Args.printMachine();
    System.out.println("exporter " + jars + ", JVM options " + (options.isEmpty() ? "(JVM defaults)" : String.join(" ", options)));
    if (!only.equals("c")) {
      startup(jars, options, work, Args.intArg(args, "--idle-seconds", 20), Args.intArg(args, "--repetitions", 3),
          List.of(args).contains("--https-channel"));
    }
    if (!only.equals("e")) {
      scale(jars, options, work, Args.intArg(args, "--chains", 50), Args.intArg(args, "--validators", 200),
          Args.intArg(args, "--window", 10_000), Args.intArg(args, "--heights", 300),
          Args.intArg(args, "--cpu-seconds", 30), Args.intList(args, "--tracked", "5,200"),
          Args.intArg(args, "--histogram", 0), Args.value(args, "--heap-dump", ""));
    }
  }

  /** (e) */
  private static void startup(
      List<Path> jars, List<String> options, Path work, int idleSeconds, int repetitions, boolean httpsChannel)
      throws Exception {
    SimulatedChain chain = chain("startup-1", 5, 100_000, Duration.ofSeconds(1));
    chain.produceBlocks(20);
    java.util.concurrent.ScheduledExecutorService producer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try (SimnetServer server = SimnetServer.start(chain)) {
      chain.startProducing(producer);
      Path config = writeConfig(work.resolve("startup.yaml"), List.of(server), 5);
      if (httpsChannel) {
        Files.writeString(config, "alerts:\n  channels:\n    - name: ops\n      type: webhook\n"
            + "      url: https://127.0.0.1:9/hook\n", java.nio.file.StandardOpenOption.APPEND);
        System.out.println("(e) with an alert channel posting to https://127.0.0.1:9/hook");
      }
      for (int r = 1; r <= repetitions; r++) {
        double floorFirst;
        double floorRss;
        try (ExporterJvm floor = ExporterJvm.start(withClassPath(options),
            List.of(MinimalServer.class.getName(), "{port}"), work.resolve("floor-" + r + ".log"))) {
          floorFirst = floor.awaitAnswer("/metrics", b -> true, Duration.ofMinutes(1));
          Thread.sleep(idleSeconds * 1000L);
          floorRss = floor.rssMiB();
        }
        for (Path jar : jars) {
          try (ExporterJvm exporter = exporter(jar, options, config, work.resolve("startup-" + r + ".log"))) {
            double first = exporter.awaitAnswer("/metrics", b -> true, Duration.ofMinutes(2));
            double withHeight =
                exporter.awaitAnswer("/metrics", b -> b.contains("valwatch_chain_height{"), Duration.ofMinutes(2));
            Thread.sleep(idleSeconds * 1000L);
            double rss = exporter.rssMiB();
            System.out.printf(Locale.ROOT,
                "(e) run %d, %s: first /metrics %.2f s (floor %.2f s, ratio %.1f), first with a height %.2f s; idle"
                    + " RSS after %d s %.0f MiB (floor %.0f MiB, ratio %.2f)%n    Java %s%n",
                r, jar.getFileName(), first, floorFirst, first / floorFirst, withHeight, idleSeconds, rss, floorRss,
                rss / floorRss, exporter.threads());
          }
        }
      }
    } finally {
      chain.stopProducing();
      producer.shutdownNow();
    }
  }

  /** (c) */
  private static void scale(List<Path> jars, List<String> options, Path work, int chains, int validators, int window,
      int heights, int cpuSeconds, List<Integer> trackedCounts, int histogramLines, String heapDump) throws Exception {
    List<SimnetServer> servers = new ArrayList<>();
    try {
      for (int c = 0; c < chains; c++) {
        SimulatedChain chain = chain("scale-" + c, validators, window, Duration.ofSeconds(6));
        chain.produceBlocks(heights);
        servers.add(SimnetServer.builder(chain).grpc(false).rest(false).start());
      }
      System.out.printf(Locale.ROOT, "(c) %d chains x %d validators, %d-height windows, %d heights each, then halted%n",
          chains, validators, window, heights);
      for (int tracked : trackedCounts) {
        if (tracked > validators) {
          continue;
        }
        Path config = writeConfig(work.resolve("scale-" + tracked + ".yaml"), servers, tracked);
        for (Path jar : jars) {
          try (ExporterJvm exporter = exporter(jar, options, config, work.resolve("scale-" + tracked + ".log"))) {
            double caughtUp = exporter.awaitAnswer("/api/v1/status",
                b -> countOf(b, "\"latest_height\":" + (heights - 1)) + countOf(b, "\"latest_height\" : " + (heights - 1)) >= chains,
                CATCH_UP_LIMIT);
            Thread.sleep(5_000);
            double cpu0 = exporter.cpuSeconds();
            long t0 = System.nanoTime();
            Thread.sleep(cpuSeconds * 1000L);
            double cpuShare = (exporter.cpuSeconds() - cpu0) / ((System.nanoTime() - t0) / 1e9);
            List<Double> times = new ArrayList<>();
            String body = "";
            for (int i = 0; i < 7; i++) {
              long s = System.nanoTime();
              HttpResponse<String> r = exporter.get("/metrics");
              times.add((System.nanoTime() - s) / 1e6);
              body = r.body();
            }
            double scrapeMs = median(times);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            long samples = Arrays.stream(body.split("\n")).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
            double rss = exporter.rssMiB();
            double heap = exporter.liveHeapMiB();
            String threads = exporter.threads();
            if (histogramLines > 0) {
              System.out.println("(c) " + tracked + " tracked per chain, live objects by class:");
              System.out.println(exporter.classHistogram(histogramLines));
            }
            if (!heapDump.isEmpty()) {
              exporter.heapDump(Path.of(heapDump.replace("{tracked}", Integer.toString(tracked)).replace("{jar}", jar.getFileName().toString())));
            }
            Path exposition = work.resolve("exposition-" + tracked + ".txt");
            Files.write(exposition, bytes);
            double floorMs;
            double floorCpu;
            try (ExporterJvm floor = ExporterJvm.start(withClassPath(options),
                List.of(MinimalServer.class.getName(), "{port}", exposition.toString()), work.resolve("floor-c.log"))) {
              floor.awaitAnswer("/metrics", b -> true, Duration.ofMinutes(1));
              List<Double> floorTimes = new ArrayList<>();
              for (int i = 0; i < 7; i++) {
                long s = System.nanoTime();
                floor.get("/metrics");
                floorTimes.add((System.nanoTime() - s) / 1e6);
              }
              floorMs = median(floorTimes);
              double c0 = floor.cpuSeconds();
              long f0 = System.nanoTime();
              Thread.sleep(Math.min(cpuSeconds, 10) * 1000L);
              floorCpu = (floor.cpuSeconds() - c0) / ((System.nanoTime() - f0) / 1e9);
            }
            System.out.printf(Locale.ROOT,
                "(c) %d tracked per chain, %s: caught up %.0f s after start; halted CPU %.1f %% of a core (floor %.1f %%);"
                    + " /metrics %.0f ms (floor %.0f ms, ratio %.1f), %.1f MB, %d samples; RSS %.0f MiB;"
                    + " heap in use after full GC %.1f MiB; load average %.1f%n    Java %s%n",
                tracked, jar.getFileName(), caughtUp, cpuShare * 100, floorCpu * 100, scrapeMs, floorMs, scrapeMs / floorMs,
                bytes.length / 1e6, samples, rss, heap,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads);
        }
        }
      }
    } finally {
      for (SimnetServer s : servers) {
        s.close();
      }
    }
  }

  private static ExporterJvm exporter(Path jar, List<String> options, Path config, Path log) throws IOException {
    List<String> args = new ArrayList<>(options);
    return ExporterJvm.start(args,
        List.of("-jar", jar.toString(), "run", "--config", config.toString(), "--listen", "127.0.0.1:{port}"), log);
  }

  private static List<String> withClassPath(List<String> options) {
    List<String> all = new ArrayList<>(options);
    all.add("-cp");
    all.add(System.getProperty("java.class.path"));
    return all;
  }

  private static SimulatedChain chain(String id, int validators, long window, Duration interval) {
    SimulatedChain.Builder b = SimulatedChain.builder().chainId(id).signedBlocksWindow(window).blockInterval(interval);
    for (int v = 0; v < validators; v++) {
      b.validator(String.format(Locale.ROOT, "v%03d", v), 1_000_000L * (validators - v + 10));
    }
    return b.build();
  }

  private static Path writeConfig(Path file, List<SimnetServer> servers, int tracked) throws IOException {
    StringBuilder yaml = new StringBuilder("chains:\n");
    for (SimnetServer s : servers) {
      yaml.append("  - id: ").append(s.chain().chainId()).append('\n')
          .append("    plugin: cosmos-sdk\n")
          .append("    rpc: [").append(s.url()).append("]\n")
          .append("    start_height: 1\n")
          .append("    validators:\n");
      s.chain().truth().validators().values().stream().limit(tracked)
          .forEach(v -> yaml.append("      - ").append(v.operatorAddress()).append('\n'));
    }
    Files.writeString(file, yaml);
    return file;
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
