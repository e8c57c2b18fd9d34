package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
import static io.valwatch.it.FaultSuite.processedHeight;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * One endpoint answer claims a height a million blocks ahead (in {@code /status}, in a pushed block, or in a
 * pruned node's error): it is not believed, the cursor never passes the chain, processing goes on, and
 * {@code /readyz} stays truthfully ready.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class FarAheadHeightFaultTest {
  private static final long AHEAD = 1_000_000;

  @TempDir Path dir;

  @Test
  void oneFarAheadStatusAnswerIsNotBelieved() throws Exception {
    FaultSuite.throughOneProxy(dir, "far-status-1", false, (chain, proxy, exporter) -> {
      FaultRule lie = proxy.add(FaultRule.on("status").times(1).fault(Fault.statusHeight(h -> h + AHEAD)).build());
      FaultSuite.awaitExporter(exporter, e -> lie.hits() == 1, "the lie delivered");
      assertKeepsProcessing(exporter, chain);
      assertExactAfterHealing(exporter, chain);
    });
  }

  @Test
  void farAheadAnswersOfTheFirstEndpointDoNotStopTheChainWhileASecondIsHealthy() throws Exception {
    try (LiveChain chain = FaultSuite.live("far-two-1");
        FaultProxy liar = FaultProxy.start(chain.server());
        FaultProxy honest = FaultProxy.start(chain.server());
        ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, liar.url(), honest.url())) {
      chain.run();
      awaitProcessed(exporter, "far-two-1", 20);
      FaultRule lie = liar.add(FaultRule.on("status").fault(Fault.statusHeight(h -> h + AHEAD)).build());
      FaultSuite.awaitExporter(exporter, e -> lie.hits() >= 2, "two lies delivered");
      assertKeepsProcessing(exporter, chain);
      liar.heal();
      assertExactAfterHealing(exporter, chain);
    }
  }

  @Test
  void theSameFarAheadStatusFromBothEndpointsIsNotBelievedWithoutTheBlock() throws Exception {
    try (LiveChain chain = FaultSuite.live("far-both-1");
        FaultProxy first = FaultProxy.start(chain.server());
        FaultProxy second = FaultProxy.start(chain.server());
        ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, first.url(), second.url())) {
      chain.run();
      awaitProcessed(exporter, "far-both-1", 20);
      FaultRule lie1 = first.add(FaultRule.on("status").fault(Fault.statusHeight(h -> h + AHEAD)).build());
      FaultRule lie2 = second.add(FaultRule.on("status").fault(Fault.statusHeight(h -> h + AHEAD)).build());
      FaultSuite.awaitExporter(exporter, e -> lie1.hits() >= 2 && lie2.hits() >= 2, "lies from both endpoints");
      first.heal();
      second.heal();
      assertKeepsProcessing(exporter, chain);
      assertExactAfterHealing(exporter, chain);
    }
  }

  @Test
  void aFarAheadBlockPushedOverTheWebsocketIsNotBelieved() throws Exception {
    FaultSuite.throughOneProxy(dir, "far-push-1", true, (chain, proxy, exporter) -> {
      FaultSuite.awaitExporter(exporter, e -> proxy.requestCount(FaultRule.NEW_BLOCK) > 0, "a block pushed");
      FaultRule lie = proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).times(1).fault(Fault.newBlockHeight(h -> h + AHEAD)).build());
      FaultSuite.awaitExporter(exporter, e -> lie.hits() == 1, "the lie delivered");
      assertKeepsProcessing(exporter, chain);
      assertExactAfterHealing(exporter, chain);
    });
  }

  @Test
  void aBlockErrorClaimingAFarLowestHeightIsNotBelieved() throws Exception {
    FaultSuite.throughOneProxy(dir, "far-lowest-1", false, (chain, proxy, exporter) -> {
      FaultRule lie = proxy.add(FaultRule.on("block").times(1).fault(Fault.blockNotAvailable(9_000_000_000L)).build());
      FaultSuite.awaitExporter(exporter, e -> lie.hits() == 1, "the lie delivered");
      assertKeepsProcessing(exporter, chain);
      assertExactAfterHealing(exporter, chain);
    });
  }

  @Test
  void aNegativeHeightInStatusIsRefused() throws Exception {
    FaultSuite.throughOneProxy(dir, "negative-1", false, (chain, proxy, exporter) -> {
      FaultRule lie = proxy.add(FaultRule.on("status").fault(Fault.statusHeight(h -> -h)).build());
      FaultSuite.awaitExporter(exporter, e -> lie.hits() >= 5, "the lies delivered");
      ExporterProcess.sleep(1_500);
      Double reported = exporter.metrics().value("valwatch_endpoint_height", "chain_id", "negative-1");
      assertThat(reported).as("the endpoint height exported while it says it is negative").isNotNull().isNotNegative();
      assertThat(exporter.metrics().value("valwatch_endpoint_up", "chain_id", "negative-1"))
          .as("an endpoint reporting a negative height is not up").isZero();
      proxy.heal();
      assertExactAfterHealing(exporter, chain);
    });
  }

  /** Processing goes on to the chain's tip after the lie, and the watcher truthfully says it is ready. */
  private static void assertKeepsProcessing(ExporterProcess exporter, LiveChain chain) {
    String chainId = chain.chain().chainId();
    long target = chain.latestHeight() + 20;
    chain.awaitHeight(target + 1);
    awaitProcessed(exporter, chainId, target);
    assertThat(processedHeight(exporter, chainId)).as("the cursor never passes the chain").isLessThan(chain.latestHeight());
    assertThat(exporter.readyz().code()).as("/readyz while processing").isEqualTo(200);
  }
}
