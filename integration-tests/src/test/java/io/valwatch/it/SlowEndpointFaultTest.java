package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;

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

/** Catching up through an endpoint that delays every call: every height once, in order. */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class SlowEndpointFaultTest {
  @TempDir Path dir;

  @Test
  void catchUpThroughAnEndpointThatDelaysEveryCallIsExact() throws Exception {
    try (LiveChain chain = FaultSuite.live("slow-1");
        FaultProxy proxy = FaultProxy.start(chain.server())) {
      proxy.add(FaultRule.onEveryCall().fault(Fault.latency(Duration.ofMillis(20))).build());
      chain.produce(80);
      try (ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, proxy.url())) {
        assertExactAfterHealing(exporter, chain);
      }
    }
  }
}
