package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
import static io.valwatch.it.FaultSuite.awaitReadiness;
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
 * The preferred endpoint starts claiming another chain id in {@code /status}, then lags 50 heights behind:
 * the watcher goes on with the second endpoint, stays ready, and counts exactly. With the second endpoint on
 * another chain too, nothing is usable and {@code /readyz} says so.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class WrongChainFaultTest {
  @TempDir Path dir;

  @Test
  void anEndpointOnAnotherChainOrLaggingIsNotUsedAndReadinessFollows() throws Exception {
    try (LiveChain chain = FaultSuite.live("wrong-chain-1");
        FaultProxy first = FaultProxy.start(chain.server());
        FaultProxy second = FaultProxy.start(chain.server());
        ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, first.url(), second.url())) {
      chain.run();
      awaitProcessed(exporter, "wrong-chain-1", 20);

      first.add(FaultRule.on("status").fault(Fault.statusNetwork("other-chain-7")).build());
      FaultSuite.awaitExporter(exporter, e -> Double.valueOf(0).equals(e.metrics().value("valwatch_endpoint_up",
          "chain_id", "wrong-chain-1", "endpoint", first.url())), "the first endpoint down");
      long blocksViaSecond = second.requestCount("block");
      awaitProcessed(exporter, "wrong-chain-1", FaultSuite.processedHeight(exporter, "wrong-chain-1") + 20);
      assertThat(second.requestCount("block")).as("blocks come from the second endpoint").isGreaterThan(blocksViaSecond + 10);
      assertThat(exporter.readyz().code()).as("/readyz with one usable endpoint").isEqualTo(200);

      second.add(FaultRule.on("status").fault(Fault.statusNetwork("other-chain-7")).build());
      awaitReadiness(exporter, false);

      first.heal();
      second.heal();
      first.add(FaultRule.on("status").fault(Fault.statusHeight(h -> Math.max(1, h - 50))).build());
      awaitProcessed(exporter, "wrong-chain-1", chain.latestHeight());
      first.heal();
      assertExactAfterHealing(exporter, chain);
    }
  }
}
