package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.ChainSpec;
import io.valwatch.ChainStatus;
import io.valwatch.Watcher;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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

  private static void awaitCaughtUp(Watcher watcher) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      ChainStatus status = watcher.status().get(0);
      boolean caughtUp = Long.valueOf(LAST_PROCESSED).equals(status.latestHeight());
      if (caughtUp && status.validators().stream().allMatch(v -> v.staking() != null)) {
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
