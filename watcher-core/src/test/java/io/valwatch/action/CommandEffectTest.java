package io.valwatch.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandEffectTest {
  @TempDir Path dir;

  @Test
  void theOccurrenceReachesTheProgramAsVariablesAndNeverAsShellSyntax() throws Exception {
    Path out = dir.resolve("out");
    Occurrence o = ActionRunnerTest.occurrence("ep-1");
    Occurrence hostile = new Occurrence(o.episode(), o.chainId(), o.subject(), o.kind(), o.severity(),
        "$(touch " + dir.resolve("pwned") + ")", o.description(), o.firingSince(), Map.of("label", "main; rm -rf /"));
    CommandEffect effect = new CommandEffect(
        List.of("/bin/sh", "-c", "env | grep ^VALWATCH_ | sort > \"$1\"; echo done", "sh", out.toString()),
        Map.of("TOKEN", "s3cret"), Duration.ofSeconds(30));

    EffectResult r = effect.run("fence", hostile);

    assertThat(r).isEqualTo(EffectResult.succeeded("exit 0: done"));
    assertThat(Files.readAllLines(out)).containsExactly(
        "VALWATCH_ACTION=fence",
        "VALWATCH_CHAIN=cosmoshub-4",
        "VALWATCH_DESCRIPTION=…",
        "VALWATCH_EPISODE=ep-1",
        "VALWATCH_FIRING_SINCE=2026-05-01T03:00:00Z",
        "VALWATCH_KIND=jail_imminent",
        "VALWATCH_LABEL_LABEL=main; rm -rf /",
        "VALWATCH_SEVERITY=critical",
        "VALWATCH_SUBJECT=cosmosvaloper1abc",
        "VALWATCH_SUMMARY=$(touch " + dir.resolve("pwned") + ")");
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(effect.describe()).isEqualTo("run /bin/sh with 4 argument(s)").doesNotContain("s3cret");
  }

  @Test
  void aNonZeroExitFailsWithTheOutput() throws Exception {
    EffectResult r = new CommandEffect(List.of("/bin/sh", "-c", "echo 'signer busy' >&2; exit 3"), Map.of(),
        Duration.ofSeconds(30)).run("fence", ActionRunnerTest.occurrence("e"));
    assertThat(r).isEqualTo(EffectResult.failed("exit 3: signer busy"));
  }

  @Test
  void aProgramThatCannotStartFails() throws Exception {
    EffectResult r = new CommandEffect(List.of(dir.resolve("missing").toString()), Map.of(), Duration.ofSeconds(30))
        .run("fence", ActionRunnerTest.occurrence("e"));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).startsWith("cannot start " + dir.resolve("missing"));
  }

  @Test
  void theTimeoutKillsTheProgramAndWhatItStarted() throws Exception {
    Path pid = dir.resolve("pid");
    long start = System.nanoTime();
    EffectResult r = new CommandEffect(
        List.of("/bin/sh", "-c", "sleep 60 & echo $! > \"$0\"; echo started; wait", pid.toString()),
        Map.of(), Duration.ofMillis(500)).run("fence", ActionRunnerTest.occurrence("e"));

    assertThat(r).isEqualTo(EffectResult.timedOut("killed after 0 s: started"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    long child = Long.parseLong(Files.readString(pid).strip());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the sleep it started").isFalse();
  }
}
