package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code Retry-After} on a 429 or 503 is honoured: the endpoint is left alone for that long. */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class RetryAfterFaultTest {
  @TempDir Path dir;

  @Test
  void anEndpointAsking429RetryAfterAnHourIsLeftAloneWhileTheOtherServes() throws Exception {
    try (LiveChain chain = FaultSuite.live("retry-after-1");
        FaultProxy limited = FaultProxy.start(chain.server());
        FaultProxy other = FaultProxy.start(chain.server());
        ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, limited.url(), other.url())) {
      chain.run();
      awaitProcessed(exporter, "retry-after-1", 20);
      FaultRule refusals = limited.add(FaultRule.onEveryCall().fault(Fault.tooManyRequests(Duration.ofHours(1))).build());
      FaultSuite.awaitExporter(exporter, e -> refusals.hits() >= 1, "a 429 delivered");
      // Calls already sent ahead when the first 429 came back may still arrive, later on a busy machine: the
      // count is taken once no call has arrived for two seconds.
      long refusedBefore = refusals.hits();
      for (long seen = -1; seen != refusedBefore; refusedBefore = refusals.hits()) {
        seen = refusedBefore;
        ExporterProcess.sleep(2_000);
      }
      // 80 heights at 50 ms: 4 s, four endpoint check intervals.
      awaitProcessed(exporter, "retry-after-1", chain.latestHeight() + 80);
      assertThat(refusals.hits()).as("calls to the endpoint during its Retry-After: 3600 (%d before)", refusedBefore)
          .isLessThanOrEqualTo(refusedBefore + 1);
      assertThat(exporter.readyz().code()).as("/readyz with the other endpoint serving").isEqualTo(200);
      limited.heal();
      assertExactAfterHealing(exporter, chain);
    }
  }
}
