package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
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

/** An endpoint redirecting to another host is not followed: credentials and trust stay with the configured host. */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class RedirectFaultTest {
  @TempDir Path dir;

  @Test
  void redirectsToAnotherHostAreNotFollowed() throws Exception {
    FaultSuite.throughOneProxy(dir, "redirect-1", false, (chain, proxy, exporter) -> {
      try (FaultProxy elsewhere = FaultProxy.start(chain.server())) {
        FaultRule redirect = proxy.add(
            FaultRule.onEveryCall().fault(Fault.redirect("http://localhost:" + elsewhere.port())).build());
        FaultSuite.awaitExporter(exporter, e -> redirect.hits() >= 5, "five redirects answered");
        assertThat(elsewhere.requestCount("block") + elsewhere.requestCount("status"))
            .as("requests that followed the redirect to another host").isZero();
      }
      proxy.heal();
      assertExactAfterHealing(exporter, chain);
    });
  }
}
