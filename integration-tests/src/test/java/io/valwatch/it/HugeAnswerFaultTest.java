package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
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
 * Answers built to exhaust memory or flood the log, under a small heap: they are refused or capped, the
 * chain's loop survives, and the heights they hit are fetched again.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class HugeAnswerFaultTest {
  @TempDir Path dir;

  @Test
  void blocksOfSixtyMegabytesOfSmallObjectsDoNotStopTheChainUnderA384MegabyteHeap() throws Exception {
    try (LiveChain chain = FaultSuite.live("huge-body-1");
        FaultProxy proxy = FaultProxy.start(chain.server());
        ExporterProcess exporter = ExporterProcess.start(dir, "384m", FaultSuite.chainYaml(chain, false, proxy.url()))) {
      chain.run();
      awaitProcessed(exporter, "huge-body-1", 20);
      FaultRule huge = proxy.add(FaultRule.on("block").times(3).fault(Fault.hugeBody(60L << 20)).build());
      FaultSuite.awaitExporter(exporter, e -> huge.hits() == 3, "three huge blocks served");
      assertExactAfterHealing(exporter, chain);
      assertThat(exporter.log()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void aFourMegabyteErrorIsCappedInTheLogAndTheStatusApi() throws Exception {
    FaultSuite.throughOneProxy(dir, "huge-error-1", false, (chain, proxy, exporter) -> {
      long logBefore = exporter.logSize();
      FaultRule huge = proxy.add(FaultRule.on("block", "status").times(10).fault(Fault.hugeError(4_000_000)).build());
      FaultSuite.awaitExporter(exporter, e -> huge.hits() == 10, "ten huge errors served");
      String status = exporter.get("/api/v1/status").body();
      assertThat(status.length()).as("status API size with a 4 MB error").isLessThan(200_000);
      assertExactAfterHealing(exporter, chain);
      assertThat(exporter.logSize() - logBefore).as("log written for ten 4 MB errors").isLessThan(1_000_000);
    });
  }
}
