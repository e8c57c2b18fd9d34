package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitReadiness;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only endpoint answers 503 to everything for a while: {@code /readyz} says not ready while nothing can be
 * fetched and ready again once the endpoint heals; the heights of the outage are caught up exactly.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class UnavailableEndpointFaultTest {
  @TempDir Path dir;

  @Test
  void anOutageIsReportedByReadyzAndCaughtUpExactly() throws Exception {
    FaultSuite.throughOneProxy(dir, "unavailable-1", false, (chain, proxy, exporter) -> {
      awaitReadiness(exporter, true);

      FaultRule outage = proxy.add(FaultRule.onEveryCall().fault(Fault.serviceUnavailable(Duration.ofSeconds(1))).build());
      awaitReadiness(exporter, false);
      assertThat(exporter.readyz().body()).contains("unavailable-1");
      long heightDuringOutage = FaultSuite.processedHeight(exporter, "unavailable-1");
      ExporterProcess.sleep(500);
      assertThat(FaultSuite.processedHeight(exporter, "unavailable-1")).as("nothing is processed during the outage")
          .isEqualTo(heightDuringOutage);
      assertThat(outage.hits()).isPositive();

      proxy.heal();
      assertExactAfterHealing(exporter, chain);
    });
  }
}
