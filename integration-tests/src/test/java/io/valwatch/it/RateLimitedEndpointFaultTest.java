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
import org.junit.jupiter.api.io.TempDir;

/**
 * Catching up through an endpoint that allows 40 calls per second (100 heights need a few seconds) and answers the rest with 429 and the
 * seconds left in its window: every height once, and no more refused calls per window than a client with a
 * few requests in flight runs into before it backs off.
 */
@Timeout(120)
class RateLimitedEndpointFaultTest {
  private static final int REFUSALS_PER_WINDOW = 10;

  @TempDir Path dir;

  @Test
  void catchUpThroughARateLimitedEndpointIsExactAndDoesNotHammerIt() throws Exception {
    try (LiveChain chain = FaultSuite.live("limited-1");
        FaultProxy proxy = FaultProxy.start(chain.server())) {
      FaultRule limit = proxy.add(FaultRule.onEveryCall().fault(Fault.rateLimit(40, Duration.ofSeconds(1))).build());
      chain.produce(100);
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
