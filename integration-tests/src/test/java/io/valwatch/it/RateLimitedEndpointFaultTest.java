package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catching up 40 heights through an endpoint that allows 10 calls per second and answers the rest with 429 and the
 * seconds left in its window: every height once, and no more refused calls per window than a client with a
 * few requests in flight runs into before it backs off.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class RateLimitedEndpointFaultTest {
  private static final int REFUSALS_PER_WINDOW = 10;

  @TempDir Path dir;

  @Test
  void catchUpThroughARateLimitedEndpointIsExactAndDoesNotHammerIt() throws Exception {
    try (LiveChain chain = FaultSuite.live("limited-1");
        FaultProxy proxy = FaultProxy.start(chain.server())) {
      FaultRule limit = proxy.add(FaultRule.onEveryCall().fault(Fault.rateLimit(10, Duration.ofSeconds(1))).build());
      chain.produce(40);
      long start = System.nanoTime();
      try (ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, proxy.url())) {
        assertExactAfterHealing(exporter, chain);
      }
      long windows = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;
      assertThat(limit.hits()).as("calls refused with 429 over %d one-second windows", windows)
          .isPositive()
          .isLessThanOrEqualTo(REFUSALS_PER_WINDOW * windows);
    }
  }
}
