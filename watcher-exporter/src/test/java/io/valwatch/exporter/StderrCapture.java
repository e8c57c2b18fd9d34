package io.valwatch.exporter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** What reaches {@code System.err} (where the log goes) while a command runs in-process. */
final class StderrCapture {
  private StderrCapture() {}

  /** Runs {@code command}; returns its result and everything written to stderr meanwhile. */
  static <T> Captured<T> of(Supplier<T> command) {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      T result = command.get();
      return new Captured<>(result, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  record Captured<T>(T result, String stderr) {}
}
