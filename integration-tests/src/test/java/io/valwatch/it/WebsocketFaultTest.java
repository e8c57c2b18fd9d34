package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
import static io.valwatch.it.FaultSuite.processedHeight;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A websocket that stops delivering, or delivers a frame too large to hold: polling carries on. */
@Timeout(120)
class WebsocketFaultTest {
  @TempDir Path dir;

  @Test
  void aWebsocketThatGoesSilentDoesNotSlowProcessing() throws Exception {
    FaultSuite.throughOneProxy(dir, "ws-silent-1", true, (chain, proxy, exporter) -> {
      FaultRule silence = proxy.add(FaultRule.on(FaultRule.NEW_BLOCK).after(5).fault(Fault.drop()).build());
      FaultSuite.awaitExporter(exporter, e -> silence.hits() > 0, "the websocket silent");
      // 25 ms blocks: 2 s are 80 heights; polling every 50 ms keeps within a few of the tip.
      ExporterProcess.sleep(2_000);
      long tip = chain.latestHeight();
      assertThat(processedHeight(exporter, "ws-silent-1")).as("processed height 2 s after the websocket went silent, tip %d", tip)
          .isGreaterThanOrEqualTo(tip - 20);
      assertThat(exporter.readyz().code()).isEqualTo(200);
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
