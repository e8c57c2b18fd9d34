package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real headless Chromium against the exporter watching a simulated chain: it loads
 * without console errors and its block grid shows the simulator's misses and nil votes at their heights.
 * Screenshots for a desktop window and a phone, light and dark, are kept in {@code target/status-page/}.
 */
@Timeout(240)
class StatusPageBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "status-page");
  /** Blocks produced; the watcher processes heights up to one less, whose commit exists. */
  private static final int BLOCKS = 320;
  private static final long LAST_PROCESSED = BLOCKS - 1;
  private static final int BLOCKS_200 = 130;
  private static final Pattern ROW = Pattern.compile("<tr data-address=\"([^\"]+)\"");
  private static final String OFFLINE = "Dorado Infra";
  private static final String NIL_VOTER = "Borealis Nodes";
  private static final Pattern ARTICLE = Pattern.compile("<article [^>]*data-address=\"([^\"]+)\"(.*?)</article>", Pattern.DOTALL);
  private static final Pattern CELL =
      Pattern.compile("<span class=\"cell\" data-height=\"(\\d+)\" data-outcome=\"([a-z]+)\"[^>]*title=\"([^\"]*)\"");

  @TempDir Path workDir;

  @Test
  void gridShowsTheSimulatedChainsMissesAtTheirHeights() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(workDir);
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("status-page-1")
            .signedBlocksWindow(1_000)
            .validator("Andromeda Labs", 400_000_000)
            .validator(NIL_VOTER, 300_000_000)
            .validator("Cygnus Stake", 200_000_000)
            .validator(OFFLINE, 100_000_000)
            .offline(OFFLINE, 200, 209)
            .offline(OFFLINE, 300, 400)
            .nilVotes(NIL_VOTER, 250, 252)
            .build();
    chain.produceBlocks(BLOCKS);
    ChainTruth truth = chain.truth();

    try (SimnetServer node = SimnetServer.start(chain)) {
      ChainSpec.Builder spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(node.url())
              .startHeight(1)
              .pollInterval(Duration.ofMillis(200))
              .stakingRefreshInterval(Duration.ofSeconds(1));
      truth.validators().values().forEach(v -> spec.track(v.operatorAddress()));
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build();
          ExporterHttpServer server =
              ExporterHttpServer.start(
                  new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), watcher::status)) {
        watcher.start();
        awaitCaughtUp(watcher);
        URI page = URI.create("http://127.0.0.1:" + server.port() + "/");

        HeadlessChromium.Page desktop = chromium.dumpDom(page, 1280, 1800);
        chromium.screenshot(page, 1280, 1800, false, ARTIFACTS.resolve("status-page-desktop.png"));
        chromium.screenshot(page, 390, 2400, false, ARTIFACTS.resolve("status-page-phone.png"));
        chromium.screenshot(page, 390, 2400, true, ARTIFACTS.resolve("status-page-phone-dark.png"));

        assertThat(desktop.console()).as("console output of the page").isEmpty();
        assertThat(desktop.dom()).contains("<body data-state=\"loaded\">").contains("<pre id=\"page-errors\" class=\"banner\"></pre>");
        Map<String, Map<Long, String>> grids = grids(desktop.dom());
        assertThat(grids.keySet())
            .containsExactlyInAnyOrderElementsOf(
                truth.validators().values().stream().map(v -> v.operatorAddress()).toList());
        Set<Long> shown = LongStream.rangeClosed(LAST_PROCESSED - 299, LAST_PROCESSED).boxed().collect(Collectors.toSet());
        grids.values().forEach(grid -> assertThat(grid.keySet()).isEqualTo(shown));

        Map<Long, String> offline = grids.get(truth.validator(OFFLINE).operatorAddress());
        Set<Long> expectedMisses = new TreeSet<>();
        LongStream.rangeClosed(200, 209).forEach(expectedMisses::add);
        LongStream.rangeClosed(300, LAST_PROCESSED).forEach(expectedMisses::add);
        assertThat(heightsWith(offline, "missed")).isEqualTo(expectedMisses);
        assertThat(heightsWith(offline, "signed")).hasSize(300 - expectedMisses.size());
        assertThat(heightsWith(grids.get(truth.validator(NIL_VOTER).operatorAddress()), "nil"))
            .containsExactly(250L, 251L, 252L);
        for (String name : new String[] {"Andromeda Labs", NIL_VOTER, "Cygnus Stake"}) {
          assertThat(heightsWith(grids.get(truth.validator(name).operatorAddress()), "missed")).as(name).isEmpty();
        }
        assertThat(desktop.dom()).contains("title=\"Height 205: missed\"").contains("title=\"Height 251: voted nil\"");
      }
    }
  }

  /**
   * 200 validators in network mode: the page leads with "N of M at risk" counted from the simulator's truth,
   * shows the worst validators first as cards and every other one once, as a row of one table.
   */
  @Test
  void twoHundredValidatorsWorstFirstWithTheAtRiskSummary() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(workDir);
    SimulatedChain.Builder builder =
        SimulatedChain.builder().chainId("status-page-200").maxValidators(250).bondDenom("uatom");
    for (int i = 1; i <= 200; i++) {
      builder.validator(String.format("node-%03d", i), 1_000_000_000L - i * 1_000_000L);
    }
    // Misses before the last processed height 129, with 50 tolerated per 100-height window: three are jailed
    // (51 misses) and leave the set, one has 2 misses left (48 misses), two have 10 left (40 misses, still
    // missing: critical too, by the time rule).
    builder.offline("node-017", 60, 129).offline("node-088", 60, 129).offline("node-150", 60, 129)
        .offline("node-120", 80, 127)
        .offline("node-042", 90, 129).offline("node-199", 90, 129);
    SimulatedChain chain = builder.build();
    chain.produceBlocks(BLOCKS_200);
    ChainTruth truth = chain.truth();
    Set<String> expectedAtRisk =
        truth.validators().values().stream()
            .filter(v -> v.jailed() || 50 - v.missedBlocksCounter() <= 25)
            .map(v -> v.operatorAddress())
            .collect(Collectors.toSet());
    assertThat(expectedAtRisk).hasSize(6);

    try (SimnetServer node = SimnetServer.start(chain)) {
      ChainSpec spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(node.url())
              .startHeight(1)
              .pollInterval(Duration.ofMillis(200))
              .stakingRefreshInterval(Duration.ofSeconds(1))
              .trackAll()
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).build();
          ExporterHttpServer server =
              ExporterHttpServer.start(
                  new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), watcher::status)) {
        watcher.start();
        awaitCaughtUp(watcher, BLOCKS_200 - 1, 200);
        URI page = URI.create("http://127.0.0.1:" + server.port() + "/");

        HeadlessChromium.Page desktop = chromium.dumpDom(page, 1280, 1800);
        chromium.screenshot(page, 1280, 1800, false, ARTIFACTS.resolve("status-page-200-desktop.png"));
        chromium.screenshot(page, 390, 2400, false, ARTIFACTS.resolve("status-page-200-phone.png"));

        assertThat(desktop.console()).as("console output of the page").isEmpty();
        String dom = desktop.dom();
        assertThat(dom).contains("<body data-state=\"loaded\">").contains("<pre id=\"page-errors\" class=\"banner\"></pre>");
        assertThat(dom).contains("<p class=\"summary at-risk\" data-at-risk=\"6\" data-tracked=\"200\">6 of 200 at risk</p>");

        List<String> cards = new ArrayList<>(grids(dom).keySet());
        List<String> rows = new ArrayList<>();
        Matcher row = ROW.matcher(dom);
        while (row.find()) {
          rows.add(row.group(1));
        }
        assertThat(cards).as("the twelve worst as cards").hasSize(12);
        assertThat(cards.subList(0, 6)).as("the at-risk ones lead").containsExactlyInAnyOrderElementsOf(expectedAtRisk);
        assertThat(cards.subList(0, 3)).as("jailed first")
            .containsExactlyInAnyOrder(address(truth, "node-017"), address(truth, "node-088"), address(truth, "node-150"));
        assertThat(cards.get(3)).as("then the fewest misses left: 2").isEqualTo(address(truth, "node-120"));
        assertThat(cards.subList(4, 6)).as("then 10 left")
            .containsExactlyInAnyOrder(address(truth, "node-042"), address(truth, "node-199"));
        assertThat(rows).as("every other validator once, in the table").hasSize(188).doesNotContainAnyElementsOf(cards);
        Set<String> shown = new TreeSet<>(cards);
        shown.addAll(rows);
        assertThat(shown).containsExactlyInAnyOrderElementsOf(
            truth.validators().values().stream().map(v -> v.operatorAddress()).toList());
        assertThat(dom).contains("The other 188 validators, worst first");
        assertThat(dom).as("stake in ATOM, not uatom").contains("<b>999 ATOM</b>");
      }
    }
  }

  private static String address(ChainTruth truth, String name) {
    return truth.validator(name).operatorAddress();
  }

  private static void awaitCaughtUp(Watcher watcher) throws InterruptedException {
    awaitCaughtUp(watcher, LAST_PROCESSED, 0);
  }

  private static void awaitCaughtUp(Watcher watcher, long lastProcessed, int validators) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      ChainStatus status = watcher.status().get(0);
      boolean caughtUp = status.latestHeight().equals(OptionalLong.of(lastProcessed));
      if (caughtUp && status.validators().size() >= validators
          && status.validators().stream().allMatch(v -> v.staking().isPresent())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the watcher did not catch up: " + status);
      }
      Thread.sleep(100);
    }
  }

  /** Every validator card's grid: outcome by height, by the card's address. */
  private static Map<String, Map<Long, String>> grids(String dom) {
    Map<String, Map<Long, String>> grids = new LinkedHashMap<>();
    Matcher article = ARTICLE.matcher(dom);
    while (article.find()) {
      Map<Long, String> grid = new LinkedHashMap<>();
      Matcher cell = CELL.matcher(article.group(2));
      while (cell.find()) {
        long height = Long.parseLong(cell.group(1));
        assertThat(cell.group(3)).startsWith("Height " + height + ": ");
        grid.put(height, cell.group(2));
      }
      grids.put(article.group(1), grid);
    }
    return grids;
  }

  private static Set<Long> heightsWith(Map<Long, String> grid, String outcome) {
    return grid.entrySet().stream()
        .filter(e -> e.getValue().equals(outcome))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
