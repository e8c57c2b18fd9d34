package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.awaitTrue;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher in its own JVM is killed with SIGKILL in the middle of a catch-up; a watcher started on its state
 * directory ends with the streaks, window misses, uptime and block grids of the simulator's truth and of a
 * watcher that never stopped, and processes no height twice.
 */
class KillRestartTest {
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");
  private static final int BLOCKS = 3_000;
  private static final long LAST = BLOCKS - 1;
  private static final long WINDOW = 400;
  private static final int KILL_AFTER = 1_200;

  @TempDir Path state;
  @TempDir Path logs;

  @Test
  void aWatcherKilledMidCatchUpResumesExactly() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("kill-1")
            .signedBlocksWindow(WINDOW)
            .minSignedPerWindow("0.05")
            .validator("alice", 40_000_000)
            .validator("bob", 30_000_000)
            .validator("carol", 20_000_000)
            .validator("dave", 10_000_000)
            .offline("carol", 900, 1_000)
            .offline("carol", 2_700, 2_760)
            .nilVotes("dave", 1_500, 1_600)
            .offline("bob", 2_800, BLOCKS + 10)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(BLOCKS);
    List<String> operators = NAMES.stream().map(n -> chain.truth().validator(n).operatorAddress()).toList();

    try (SimnetServer server = SimnetServer.builder(chain).websocket(false).start()) {
      List<Long> killed = new CopyOnWriteArrayList<>();
      Process child = startWatcherProcess(server, operators, killed);
      try {
        // A JVM of its own starts slowly on a busy machine.
        awaitTrue(() -> killed.size() >= KILL_AFTER, "the watcher process processing " + KILL_AFTER + " heights",
            Duration.ofMinutes(3));
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
      long lastBeforeKill = killed.get(killed.size() - 1);
      assertThat(lastBeforeKill).as("killed in the middle of the catch-up").isLessThan(LAST - 100);

      ChainSpec spec = spec(server, operators);
      List<Long> resumed = new CopyOnWriteArrayList<>();
      ChainStatus afterRestart;
      try (Watcher watcher = Watcher.builder().chain(spec).stateDirectory(state).listener(recorder(resumed)).build()) {
        watcher.start();
        afterRestart = awaitProcessed(watcher, chain.chainId(), LAST);
      }
      ChainStatus neverStopped;
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        neverStopped = awaitProcessed(watcher, chain.chainId(), LAST);
      }

      long first = resumed.get(0);
      assertThat(first).as("resumes at or before the first height the killed watcher had not processed")
          .isLessThanOrEqualTo(lastBeforeKill + 1);
      assertThat(resumed).as("each height after the saved cursor once, in order")
          .containsExactlyElementsOf(range(first, LAST));
      assertThat(afterRestart.blocksProcessed()).isEqualTo(LAST - first + 1);

      for (String name : NAMES) {
        ValidatorTruth truth = history.truthAt(BLOCKS).validator(name);
        ValidatorStatus v = validator(afterRestart, truth.operatorAddress());
        ValidatorStatus reference = validator(neverStopped, truth.operatorAddress());
        assertThat(v.signing().windowMissedBlocks()).as("window misses of %s", name)
            .isEqualTo(truth.missedBlocksCounter())
            .isEqualTo(reference.signing().windowMissedBlocks());
        assertThat(v.signing().windowSlots()).as("window of %s", name).isEqualTo(WINDOW);
        assertThat(v.signing().uptimeRatio()).as("uptime of %s", name)
            .isEqualTo(1.0 - (double) truth.missedBlocksCounter() / WINDOW)
            .isEqualTo(reference.signing().uptimeRatio());
        assertThat(v.signing().consecutiveMissedBlocks()).as("streak of %s", name)
            .isEqualTo(reference.signing().consecutiveMissedBlocks());
        assertThat(v.recentBlocks()).as("block grid of %s", name).isEqualTo(reference.recentBlocks());
        assertThat(v.risk()).as("risk of %s", name).isEqualTo(reference.risk());
        assertCounts(name, v.signing(), history.expected(name, first, LAST));
      }
      assertThat(validator(afterRestart, operators.get(1)).signing().consecutiveMissedBlocks())
          .as("bob's outage spans the kill: a streak from height 2800")
          .isEqualTo(LAST - 2_800 + 1);
      assertThat(afterRestart.activeValidatorUptimeRatios())
          .containsExactlyInAnyOrderElementsOf(neverStopped.activeValidatorUptimeRatios());
      assertThat(afterRestart.blockIntervalSeconds()).isEqualTo(neverStopped.blockIntervalSeconds());
    }
  }

  private static ChainSpec spec(SimnetServer server, List<String> operators) {
    ChainSpec.Builder spec = specFor(server);
    operators.forEach(spec::track);
    return spec.build();
  }

  private Process startWatcherProcess(SimnetServer server, List<String> operators, List<Long> processed)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    command.addAll(List.of("-Xmx256m", "-cp", classPath, WatcherProcess.class.getName(),
        server.chain().chainId(), server.url(), state.toString()));
    command.addAll(operators);
    Process child =
        new ProcessBuilder(command).redirectError(logs.resolve("watcher-process.log").toFile()).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(WatcherProcess.PROCESSED)) {
            processed.add(Long.parseLong(line.substring(WatcherProcess.PROCESSED.length())));
          }
        }
      } catch (java.io.IOException e) {
        // the process was killed
      }
    }, "watcher-process-output");
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  private static WatcherListener recorder(List<Long> heights) {
    return new WatcherListener() {
      @Override
      public void onBlockProcessed(BlockProcessed event) {
        heights.add(event.height());
      }
    };
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }
}
