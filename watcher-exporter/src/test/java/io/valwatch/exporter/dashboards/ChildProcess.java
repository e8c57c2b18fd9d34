package io.valwatch.exporter.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process started for a test, its output kept in a file, stopped with SIGTERM so it can shut down cleanly. */
final class ChildProcess implements AutoCloseable {
  private static final int STOP_SECONDS = 30;

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, List<String> command, Path workDir) throws IOException {
    Path log = workDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ChildProcess(name, process, log);
  }

  /** Fails with the process's output when it has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
    }
  }

  /**
   * The first number {@code pattern}'s first group captures in the output, such as the port a process prints
   * it listens on; fails when the process exits or prints none within {@code timeout}.
   */
  int awaitNumber(Pattern pattern, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      checkAlive();
      Matcher m = pattern.matcher(output());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            name + " printed nothing matching " + pattern + " within " + timeout.toSeconds() + " s:\n" + output());
      }
      Thread.sleep(200);
    }
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(name + " did not stop within " + STOP_SECONDS + " s of SIGTERM:\n" + output());
    }
  }
}
