package io.valwatch.action;

import io.valwatch.rpc.EmittedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program: an argument list, no shell, so nothing in an alert can be read as shell syntax. The
 * program inherits valwatch's environment plus the configured variables and the occurrence's fields as
 * {@code VALWATCH_ACTION}, {@code VALWATCH_EPISODE}, {@code VALWATCH_CHAIN}, {@code VALWATCH_SUBJECT},
 * {@code VALWATCH_KIND}, {@code VALWATCH_SEVERITY}, {@code VALWATCH_SUMMARY}, {@code VALWATCH_DESCRIPTION},
 * {@code VALWATCH_FIRING_SINCE} and {@code VALWATCH_LABEL_<NAME>} for each label. Exit status 0 is success;
 * a program still running at the timeout is killed, with every process it started.
 */
public final class CommandEffect implements Effect {
  /** The most output kept (stdout and stderr together); the rest is counted and dropped. */
  private static final int OUTPUT_KEPT = 4_096;
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final List<String> argv;
  private final Map<String, String> environment;
  private final Duration timeout;

  /**
   * @param argv the program and its arguments; the program is found on the {@code PATH} unless a path
   * @param environment variables to add, such as a token the program needs (never logged)
   * @param timeout how long it may run
   */
  public CommandEffect(List<String> argv, Map<String, String> environment, Duration timeout) {
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a command's timeout must be above zero");
    }
    this.argv = List.copyOf(argv);
    this.environment = Map.copyOf(environment);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public EffectResult run(String action, Occurrence occurrence) throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.putAll(environment);
    OccurrenceFields.of(action, occurrence).forEach((k, v) -> env.put(OccurrenceFields.variable(k), v));
    occurrence.labels().forEach((k, v) -> env.put(OccurrenceFields.variable("label_" + k), v));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return EffectResult.failed("cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // its stdin is gone either way
    }
    Output output = new Output(process.getInputStream());
    Thread reader = new Thread(output, "valwatch-action-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return EffectResult.timedOut("killed after " + timeout.toSeconds() + " s" + output.tail());
      }
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
    reader.join(KILL_GRACE.toMillis());
    int exit = process.exitValue();
    String result = "exit " + exit + output.tail();
    return exit == 0 ? EffectResult.succeeded(result) : EffectResult.failed(result);
  }

  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public String describe() {
    return "run " + argv.get(0) + (argv.size() > 1 ? " with " + (argv.size() - 1) + " argument(s)" : "");
  }

  /** Drains the program's output, keeping the first {@link #OUTPUT_KEPT} bytes. */
  private static final class Output implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    Output(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[1024];
      try (in) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (this) {
            int keep = Math.min(n, OUTPUT_KEPT - kept.size());
            kept.write(buf, 0, keep);
            dropped += n - keep;
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }

    /** {@code ": <output>"}, printable and capped, or nothing when there was none. */
    synchronized String tail() {
      String text = kept.toString(StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        return "";
      }
      return ": " + EmittedText.printable(EmittedText.cap(text, 500))
          + (dropped > 0 ? " (" + dropped + " more bytes)" : "");
    }
  }
}
