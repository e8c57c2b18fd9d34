package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/** Resets and truncated bodies on the only endpoint: the heights they hit are fetched again, none is lost. */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class BrokenBodiesFaultTest {
  @TempDir Path dir;

  @Test
  void resetAndTruncatedAnswersAreRetriedAndCountsStayExact() throws Exception {
    FaultSuite.throughOneProxy(dir, "broken-bodies-1", false, (chain, proxy, exporter) -> {
      List<FaultRule> rules = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        rules.add(proxy.add(FaultRule.on("block").after(4L * i).times(1).fault(Fault.reset()).build()));
        rules.add(proxy.add(FaultRule.on("block").after(4L * i + 2).times(1).fault(Fault.truncate(200)).build()));
        rules.add(proxy.add(FaultRule.on("status").after(3L * i).times(1).fault(Fault.truncate(10)).build()));
      }
      FaultSuite.awaitExporter(exporter, e -> rules.stream().allMatch(r -> r.hits() == 1), "every fault applied once");
      long faulted = rules.stream().mapToLong(FaultRule::hits).sum();
      assertThat(faulted).isEqualTo(9);
      proxy.heal();
      chain.awaitHeight(chain.latestHeight() + 20);

      assertExactAfterHealing(exporter, chain);
      assertThat(exporter.metrics().sum("valwatch_endpoint_requests_total", "chain_id", "broken-bodies-1", "outcome", "network_error")
          + exporter.metrics().sum("valwatch_endpoint_requests_total", "chain_id", "broken-bodies-1", "outcome", "malformed"))
          .as("the broken answers were counted as failed requests").isGreaterThanOrEqualTo(6);
    });
  }
}
