package io.valwatch.it;

import static io.valwatch.it.FaultSuite.awaitProcessed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chain behind the endpoints starts again from genesis under the same id (a reset testnet), so the kept
 * cursor is far ahead of it: the exporter says so, resumes at the newest height, and counts from there
 * exactly; {@code /readyz} is ready once it processes again.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class CursorAheadFaultTest {
  private static final String CHAIN = "reset-1";
  /** Backfill limit: the kept cursor (299) is more than this ahead of the reset chain. */
  private static final String LIMIT = "    backfill_limit: 100\n";

  @TempDir Path dir;

  @Test
  void aCursorFarAheadOfTheChainIsReportedAndProcessingResumesAtTheNewestHeight() throws Exception {
    String state = "state_dir: " + dir.resolve("state") + "\n";
    Path first = Files.createDirectory(dir.resolve("first"));
    Path second = Files.createDirectory(dir.resolve("second"));
    try (LiveChain before = FaultSuite.live(CHAIN)) {
      before.produce(300);
      try (ExporterProcess exporter = ExporterProcess.start(first, "256m", state,
          FaultSuite.chainYaml(before, false, before.server().url()) + LIMIT)) {
        awaitProcessed(exporter, CHAIN, 299);
      }
    }
    try (LiveChain reset = FaultSuite.live(CHAIN)) {
      reset.produce(20);
      // The chain stands still until the exporter has reset its cursor, so that the height it resumes at is
      // known however slowly the exporter starts.
      long newestAtStart = reset.latestHeight();
      try (ExporterProcess exporter = ExporterProcess.start(second, "256m", state,
          FaultSuite.chainYaml(reset, false, reset.server().url()) + LIMIT)) {
        FaultSuite.awaitExporter(exporter, e -> e.log().contains("resuming at the newest height"),
            "the cursor reset");
        reset.run();
        awaitProcessed(exporter, CHAIN, reset.latestHeight() + 10);
        assertThat(FaultSuite.processedHeight(exporter, CHAIN)).as("processed height on the reset chain")
            .isLessThan(reset.latestHeight());
        FaultSuite.awaitReadiness(exporter, true);
        reset.pause();
        long last = reset.latestHeight() - 1;
        awaitProcessed(exporter, CHAIN, last);
        Samples m = exporter.metrics();
        long processed = m.value("valwatch_chain_blocks_processed_total", "chain_id", CHAIN).longValue();
        long resumedAt = last - processed + 1;
        assertThat(resumedAt).as("the height processing resumed at: the newest when the exporter started")
            .isBetween(20L, newestAtStart + 1);
        for (String name : FaultSuite.NAMES) {
          ChainHistory.Counts truth = reset.history().expected(name, resumedAt, last);
          ChainHistory.Counts seen = new ChainHistory.Counts(
              m.value("valwatch_validator_signed_blocks_total", "chain_id", CHAIN, "label", name).longValue(),
              m.value("valwatch_validator_missed_blocks_total", "chain_id", CHAIN, "label", name).longValue(),
              m.value("valwatch_validator_nil_votes_total", "chain_id", CHAIN, "label", name).longValue(),
              m.value("valwatch_validator_proposed_blocks_total", "chain_id", CHAIN, "label", name).longValue());
          assertThat(seen).as("counts of %s over %d..%d", name, resumedAt, last).isEqualTo(truth);
        }
        assertThat(exporter.log()).as("the cursor ahead of the chain is reported").containsIgnoringCase("ahead");
      }
    }
  }
}
