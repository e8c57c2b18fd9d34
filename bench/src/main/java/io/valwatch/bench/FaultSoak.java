package io.valwatch.bench;

import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault soak: the exporter jar, run as a service would run it, watches a simulated chain through two
 * fault proxies while scripted random faults come and go for a given time; at the end every count is
 * compared with the simulator's truth, and the exporter's heap after a full GC is reported as sampled
 * every minute.
 *
 * <p>Arguments: {@code --minutes N} (default 30), {@code --block-ms N} (default 100), {@code --seed N}
 * (default 1), {@code --validators N} (default 12), {@code --exporter-jar PATH} (default
 * {@code watcher-exporter/target/valwatch-exporter.jar}), {@code --exporter-heap SIZE} (default 256m),
 * {@code --exclude kind,kind} (fault kinds to leave out; {@code --list} prints them).
 */
public final class FaultSoak {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"");
  private static final String CHAIN_ID = "soak-1";

  /** One kind of fault: what it does to one proxy. */
  private record Kind(String name, Function<Random, List<FaultRule>> rules) {}

  private static final List<Kind> KINDS = List.of(
      kind("latency", r -> FaultRule.onEveryCall().fault(Fault.latency(Duration.ofMillis(50 + r.nextInt(250))))),
      kind("429-retry-after", r -> FaultRule.onEveryCall().fault(Fault.tooManyRequests(Duration.ofSeconds(1 + r.nextInt(5))))),
      kind("503-retry-after", r -> FaultRule.onEveryCall().fault(Fault.serviceUnavailable(Duration.ofSeconds(1 + r.nextInt(5))))),
      kind("rate-limit", r -> FaultRule.onEveryCall().fault(Fault.rateLimit(10, Duration.ofSeconds(1)))),
      kind("reset", r -> FaultRule.on("block", "status").times(3).fault(Fault.reset())),
      kind("truncate", r -> FaultRule.on("block", "status").times(3).fault(Fault.truncate(r.nextInt(500)))),
      kind("hang", r -> FaultRule.on("block").times(1).fault(Fault.drop())),
      kind("huge-body-60mb", r -> FaultRule.on("block").times(1).fault(Fault.hugeBody(60L << 20))),
      kind("huge-error-4mb", r -> FaultRule.on("block", "status").times(3).fault(Fault.hugeError(4_000_000))),
      kind("status-far-ahead", r -> FaultRule.on("status").times(1).fault(Fault.statusHeight(h -> h + 1_000_000))),
      kind("status-behind", r -> FaultRule.on("status").fault(Fault.statusHeight(h -> Math.max(1, h - 30)))),
      kind("status-negative", r -> FaultRule.on("status").fault(Fault.statusHeight(h -> -h))),
      kind("status-other-chain", r -> FaultRule.on("status").fault(Fault.statusNetwork("other-chain-9"))),
      kind("block-lowest-far", r -> FaultRule.on("block").times(1).fault(Fault.blockNotAvailable(9_000_000_000L))),
      kind("redirect", r -> FaultRule.onEveryCall().fault(Fault.redirect("http://localhost:1"))),
      kind("echo-request", r -> FaultRule.on("block", "status").times(3).fault(Fault.echoRequest(400))),
      kind("ws-silent", r -> FaultRule.on(FaultRule.NEW_BLOCK).fault(Fault.drop())),
      kind("ws-far-ahead", r -> FaultRule.on(FaultRule.NEW_BLOCK).times(1).fault(Fault.newBlockHeight(h -> h + 1_000_000))),
      kind("ws-huge-frame-300mb", r -> FaultRule.on(FaultRule.NEW_BLOCK).times(1).fault(Fault.hugeFrame(300L << 20))));

  private FaultSoak() {}

  private static Kind kind(String name, Function<Random, FaultRule.Builder> rule) {
    return new Kind(name, r -> List.of(rule.apply(r).build()));
  }

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--list")) {
      KINDS.forEach(k -> System.out.println(k.name()));
      return;
    }
    int minutes = Integer.parseInt(arg(args, "--minutes", "30"));
    int blockMs = Integer.parseInt(arg(args, "--block-ms", "100"));
    long seed = Long.parseLong(arg(args, "--seed", "1"));
    int validators = Integer.parseInt(arg(args, "--validators", "12"));
    Path jar = Path.of(arg(args, "--exporter-jar", "watcher-exporter/target/valwatch-exporter.jar"));
    String heap = arg(args, "--exporter-heap", "256m");
    Set<String> excluded = new HashSet<>(Arrays.asList(arg(args, "--exclude", "").split(",")));
    List<Kind> kinds = KINDS.stream().filter(k -> !excluded.contains(k.name())).toList();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no exporter jar at " + jar + "; build it with ./mvnw -pl watcher-exporter -am package");
    }

    Random random = new Random(seed);
    long expectedHeights = (long) minutes * 60_000 / blockMs + 1_000;
    SimulatedChain chain = chain(validators, expectedHeights, random);
    Path dir = Files.createTempDirectory("valwatch-soak");
    System.out.printf(Locale.ROOT, "soak: %d min, a block every %d ms, %d validators, seed %d, exporter -Xmx%s, %d fault kinds%s%n",
        minutes, blockMs, validators, seed, heap, kinds.size(), excluded.size() > 1 || !excluded.contains("") ? " (left out: " + excluded + ")" : "");
    System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());

    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    Map<String, Long> injected = new TreeMap<>();
    List<long[]> heapSamples = new ArrayList<>();
    AtomicLong ready = new AtomicLong();
    AtomicLong notReady = new AtomicLong();
    try (SimnetServer server = SimnetServer.builder(chain).grpc(false).rest(false).start();
        FaultProxy a = FaultProxy.start(server);
        FaultProxy b = FaultProxy.start(server)) {
      int port = freePort();
      Set<String> tracked = Set.copyOf(chain.truth().validators().keySet());
      Files.writeString(dir.resolve("valwatch.yaml"), config(port, dir, chain, a, b));
      Process exporter = new ProcessBuilder(javaTool("java"), "-Xmx" + heap, "-jar", jar.toString(), "run",
          "--config", dir.resolve("valwatch.yaml").toString(), "--log-level", "WARN")
          .redirectErrorStream(true).redirectOutput(dir.resolve("exporter.log").toFile()).start();
      try {
        Scraper scraper = new Scraper(port);
        scraper.awaitUp(exporter);
        producer.scheduleAtFixedRate(() -> chain.produceBlocks(1), blockMs, blockMs, TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        long end = start + TimeUnit.MINUTES.toNanos(minutes);
        long nextHeapSample = start;
        FaultProxy[] proxies = {a, b};
        while (System.nanoTime() < end && exporter.isAlive()) {
          if (System.nanoTime() >= nextHeapSample) {
            heapSamples.add(new long[] {TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                heapAfterGc(exporter, scraper), rssKib(exporter)});
            nextHeapSample += TimeUnit.MINUTES.toNanos(1);
          }
          Kind kind = kinds.get(random.nextInt(kinds.size()));
          // Mostly one endpoint; one time in five both, so that whole outages happen too.
          boolean both = random.nextInt(5) == 0;
          List<FaultProxy> targets = both ? List.of(a, b) : List.of(proxies[random.nextInt(2)]);
          List<FaultRule> applied = new ArrayList<>();
          for (FaultProxy p : targets) {
            kind.rules().apply(random).forEach(rule -> applied.add(p.add(rule)));
          }
          injected.merge(kind.name() + (both ? " (both)" : ""), 1L, Long::sum);
          long holdMs = 1_000 + random.nextInt(9_000);
          sampleReadiness(scraper, holdMs, ready, notReady);
          for (FaultProxy p : targets) {
            applied.forEach(p::remove);
          }
          sampleReadiness(scraper, random.nextInt(4_000), ready, notReady);
        }
        boolean aliveAtEnd = exporter.isAlive();
        a.heal();
        b.heal();
        producer.shutdown();
        producer.awaitTermination(10, TimeUnit.SECONDS);
        ChainTruth proposersTruth = chain.truth();
        chain.produceBlocks(1);
        ChainTruth truth = chain.truth();
        long last = truth.latestHeight() - 1;
        long caughtUpMs = scraper.awaitHeight(exporter, last, Duration.ofMinutes(5));
        heapSamples.add(new long[] {TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
            heapAfterGc(exporter, scraper), rssKib(exporter)});
        report(tracked, scraper.samples(), truth, proposersTruth, last, caughtUpMs, aliveAtEnd, injected, heapSamples,
            ready.get(), notReady.get(), a, b, Files.size(dir.resolve("exporter.log")));
      } finally {
        exporter.destroy();
        if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
          exporter.destroyForcibly();
        }
        producer.shutdownNow();
        System.out.printf(Locale.ROOT, "exporter log and state: %s%n", dir);
      }
    }
  }

  /** Validators with seeded outages, nil-vote stretches, a join and a leave, spread over the run. */
  private static SimulatedChain chain(int validators, long heights, Random random) {
    SimulatedChain.Builder b = SimulatedChain.builder().chainId(CHAIN_ID).signedBlocksWindow(1_000).minSignedPerWindow("0.5");
    for (int i = 0; i < validators; i++) {
      String name = "v" + i;
      b.validator(name, 10_000_000L * (validators - i) + random.nextInt(1_000_000));
      for (long h = 50 + random.nextInt(500); h < heights; h += 300 + random.nextInt(3_000)) {
        if (random.nextBoolean()) {
          b.offline(name, h, h + 5 + random.nextInt(120));
        } else {
          b.nilVotes(name, h, h + 2 + random.nextInt(30));
        }
      }
    }
    b.join("late", heights / 3, 15_000_000);
    b.leave("v" + (validators - 1), heights / 2);
    return b.build();
  }

  private static String config(int port, Path dir, SimulatedChain chain, FaultProxy a, FaultProxy b) {
    StringBuilder yaml = new StringBuilder()
        .append("listen: 127.0.0.1:").append(port).append('\n')
        .append("state_dir: ").append(dir.resolve("state")).append('\n')
        .append("chains:\n  - id: ").append(CHAIN_ID).append('\n')
        .append("    plugin: cosmos-sdk\n")
        .append("    rpc: [\"").append(a.url()).append("\", \"").append(b.url()).append("\"]\n")
        .append("    start_height: 1\n    poll_interval: 200ms\n    endpoint_check_interval: 2s\n")
        .append("    staking_refresh_interval: 10s\n    validators:\n");
    for (ValidatorTruth v : chain.truth().validators().values()) {
      yaml.append("      - {address: ").append(v.operatorAddress()).append(", label: ").append(v.name()).append("}\n");
    }
    return yaml.toString();
  }

  private static void sampleReadiness(Scraper scraper, long millis, AtomicLong ready, AtomicLong notReady)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      int code = scraper.status("/readyz");
      (code == 200 ? ready : notReady).incrementAndGet();
      Thread.sleep(Math.min(1_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
    }
  }

  /** Asks the exporter's JVM for a full GC, then reads its used heap from {@code /metrics}, in bytes. */
  private static long heapAfterGc(Process exporter, Scraper scraper) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(exporter.pid()), "GC.run").redirectErrorStream(true).start();
    jcmd.getInputStream().readAllBytes();
    jcmd.waitFor(30, TimeUnit.SECONDS);
    return (long) scraper.samples().stream()
        .filter(s -> s.name().equals("jvm_memory_used_bytes") && "heap".equals(s.labels().get("area")))
        .mapToDouble(Sample::value).sum();
  }

  private static String javaTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static long rssKib(Process exporter) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(exporter.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not on Linux, or the process is gone
    }
    return -1;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void report(Set<String> tracked, List<Sample> samples, ChainTruth truth, ChainTruth proposersTruth, long last,
      long caughtUpMs, boolean aliveAtEnd, Map<String, Long> injected, List<long[]> heap, long ready,
      long notReady, FaultProxy a, FaultProxy b, long logBytes) {
    List<String> mismatches = new ArrayList<>();
    check(mismatches, "valwatch_chain_height", value(samples, "valwatch_chain_height", null), last);
    check(mismatches, "valwatch_chain_blocks_processed_total", value(samples, "valwatch_chain_blocks_processed_total", null), last);
    check(mismatches, "valwatch_chain_gap_blocks_total", value(samples, "valwatch_chain_gap_blocks_total", null), 0);
    long signed = 0;
    long missed = 0;
    long nil = 0;
    for (ValidatorTruth v : truth.validators().values()) {
      if (!tracked.contains(v.name())) {
        continue;
      }
      ValidatorTruth p = proposersTruth.validators().get(v.name());
      check(mismatches, "signed " + v.name(), value(samples, "valwatch_validator_signed_blocks_total", v.name()), v.signed());
      check(mismatches, "missed " + v.name(), value(samples, "valwatch_validator_missed_blocks_total", v.name()), v.missed());
      check(mismatches, "nil " + v.name(), value(samples, "valwatch_validator_nil_votes_total", v.name()), v.nil());
      check(mismatches, "proposed " + v.name(), value(samples, "valwatch_validator_proposed_blocks_total", v.name()),
          p == null ? 0 : p.proposed());
      signed += v.signed();
      missed += v.missed();
      nil += v.nil();
    }
    long faults = injected.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(Locale.ROOT, "%nheights processed: %d (truth: %d signed, %d missed, %d nil votes over %d validators)%n",
        last, signed, missed, nil, truth.validators().size());
    System.out.printf(Locale.ROOT, "exporter alive at the end: %s; caught up %d ms after the last fault healed%n", aliveAtEnd, caughtUpMs);
    System.out.printf(Locale.ROOT, "exact: %s%n", mismatches.isEmpty() ? "yes, every count equals the truth" : "NO");
    mismatches.forEach(m -> System.out.println("  " + m));
    System.out.printf(Locale.ROOT, "faults injected: %d%n", faults);
    injected.forEach((k, n) -> System.out.printf(Locale.ROOT, "  %-32s %d%n", k, n));
    System.out.printf(Locale.ROOT, "requests through the proxies: block %d, status %d, websocket upgrades %d, pushed blocks %d%n",
        a.requestCount("block") + b.requestCount("block"), a.requestCount("status") + b.requestCount("status"),
        a.requestCount(FaultRule.WEBSOCKET) + b.requestCount(FaultRule.WEBSOCKET),
        a.requestCount(FaultRule.NEW_BLOCK) + b.requestCount(FaultRule.NEW_BLOCK));
    System.out.printf(Locale.ROOT, "/readyz samples: %d ready, %d not ready; exporter log: %d bytes%n", ready, notReady, logBytes);
    System.out.println("heap after full GC (MiB) and RSS (MiB), by minute:");
    for (long[] s : heap) {
      System.out.printf(Locale.ROOT, "  %5d s  heap %6.1f  rss %6.1f%n", s[0], s[1] / 1048576.0, s[2] / 1024.0);
    }
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
  }

  private static void check(List<String> mismatches, String what, Double actual, long expected) {
    if (actual == null || actual.longValue() != expected) {
      mismatches.add(what + ": exporter " + actual + ", truth " + expected);
    }
  }

  private static Double value(List<Sample> samples, String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && (label == null || label.equals(s.labels().get("label"))))
        .map(Sample::value).findFirst().orElse(null);
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private record Sample(String name, Map<String, String> labels, double value) {}

  /** Reads the exporter's HTTP endpoints. */
  private static final class Scraper {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    Scraper(int port) {
      this.port = port;
    }

    int status(String path) throws InterruptedException {
      try {
        return get(path).statusCode();
      } catch (IOException e) {
        return -1;
      }
    }

    List<Sample> samples() throws InterruptedException {
      try {
        List<Sample> samples = new ArrayList<>();
        for (String line : get("/metrics").body().split("\n")) {
          Matcher m = SAMPLE.matcher(line);
          if (line.startsWith("#") || !m.matches()) {
            continue;
          }
          Map<String, String> labels = new TreeMap<>();
          if (m.group(2) != null) {
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
              labels.put(l.group(1), l.group(2));
            }
          }
          samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
      } catch (IOException e) {
        return List.of();
      }
    }

    void awaitUp(Process exporter) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (status("/healthz") != 200) {
        if (!exporter.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the exporter did not start");
        }
        Thread.sleep(100);
      }
    }

    /** Waits until the exporter processed {@code height}; returns the milliseconds it took, or -1. */
    long awaitHeight(Process exporter, long height, Duration limit) throws InterruptedException {
      long start = System.nanoTime();
      while (System.nanoTime() - start < limit.toNanos() && exporter.isAlive()) {
        Double h = value(samples(), "valwatch_chain_height", null);
        if (h != null && h.longValue() >= height) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        Thread.sleep(100);
      }
      return -1;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
