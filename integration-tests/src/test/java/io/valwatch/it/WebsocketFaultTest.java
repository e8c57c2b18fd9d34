package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
import static io.valwatch.it.FaultSuite.processedHeight;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/** A websocket that stops delivering, or delivers a frame too large to hold: polling carries on. */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class WebsocketFaultTest {
  @TempDir Path dir;

  @Test
  void aWebsocketThatGoesSilentDoesNotSlowProcessing() throws Exception {
    FaultSuite.throughOneProxy(dir, "ws-silent-1", true, (chain, proxy, exporter) -> {
      FaultRule silence = proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(5).fault(Fault.drop()).build());
      FaultSuite.awaitExporter(exporter, e -> silence.hits() > 0, "the websocket silent");
      chain.pause();
      FaultSuite.awaitProcessed(exporter, "ws-silent-1", chain.latestHeight() - 1);
      // Two batches of twenty blocks the websocket keeps quiet about: polling every 50 ms finds each at once.
      // A silent subscription once went unnoticed for 15 s, so one of the two batches waited that long.
      for (int batch = 0; batch < 2; batch++) {
        chain.produce(20);
        long start = System.nanoTime();
        FaultSuite.awaitProcessed(exporter, "ws-silent-1", chain.latestHeight() - 1);
        assertThat(System.nanoTime() - start).as("time to process 20 heights the silent websocket did not push")
            .isLessThan(TimeUnit.SECONDS.toNanos(5));
      }
      assertThat(exporter.readyz().code()).isEqualTo(200);
      chain.run();
      proxy.heal();
      assertExactAfterHealing(exporter, chain);
    });
  }

  @Test
  void aHugeWebsocketFrameIsRefusedWithoutRunningOutOfMemory() throws Exception {
    FaultSuite.throughOneProxy(dir, "ws-huge-1", true, (chain, proxy, exporter) -> {
      FaultRule huge = proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(5).times(1).fault(Fault.hugeFrame(300L << 20)).build());
      FaultSuite.awaitExporter(exporter, e -> huge.hits() == 1, "the huge frame sent");
      long after = processedHeight(exporter, "ws-huge-1");
      awaitProcessed(exporter, "ws-huge-1", after + 40);
      assertThat(exporter.readyz().code()).isEqualTo(200);
      assertExactAfterHealing(exporter, chain);
      assertThat(exporter.log()).doesNotContain("OutOfMemoryError");
    });
  }
}
