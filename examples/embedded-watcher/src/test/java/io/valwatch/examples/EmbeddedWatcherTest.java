package io.valwatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedWatcherTest {
  @TempDir Path stateDir;

  @Test
  void reportsEveryMissOfTheWatchedValidator() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("example-1")
            .validator("alice", 40_000_000)
            .validator("bob", 30_000_000)
            .validator("carol", 20_000_000)
            .offline("carol", 10, 14)
            .build();
    chain.produceBlocks(5);
    String carol = chain.truth().validator("carol").operatorAddress();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    try (SimnetServer server = SimnetServer.start(chain);
        Watcher watcher = EmbeddedWatcher.watch("example-1", server.url(), List.of(carol), stateDir, out)) {
      // A first start begins at the latest height, 5: wait until the watcher has seen it.
      await(watcher, s -> s.endpoints().get(0).height().isPresent());
      chain.produceBlocks(15);
      ChainStatus status = await(watcher, s -> s.latestHeight().equals(OptionalLong.of(19)));
      EmbeddedWatcher.printStatus(status, out);
    }

    String printed = bytes.toString(StandardCharsets.UTF_8);
    List<String> expectedMisses =
        LongStream.rangeClosed(10, 14)
            .mapToObj(h -> carol + " missed height " + h + " (" + (h - 9) + " in a row, network healthy)")
            .toList();
    assertThat(printed.lines().filter(l -> l.contains(" missed height "))).containsExactlyElementsOf(expectedMisses);
    assertThat(printed).contains("example-1 height 19: " + carol + " signed 10, missed 5");
  }

  private static ChainStatus await(Watcher watcher, Predicate<ChainStatus> condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      ChainStatus status = watcher.status("example-1").orElseThrow();
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the watcher did not get there within 30 s: " + watcher.status("example-1"));
  }
}
