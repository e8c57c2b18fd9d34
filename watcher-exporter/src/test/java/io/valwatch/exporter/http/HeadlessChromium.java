package io.valwatch.exporter.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, run headless once per page: the DOM after the page's scripts ran (on virtual
 * time, so timers fire without waiting), what the page wrote to its console, and screenshots. Without the
 * browser the tests that need it are skipped, except under {@code CI=true}, where they fail: CI installs it.
 */
public final class HeadlessChromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 90;
  /** Virtual time the page runs for before the DOM is taken: the first fetch and a refresh. */
  private static final int VIRTUAL_TIME_MS = 7_000;

  private final Path workDir;

  private HeadlessChromium(Path workDir) {
    this.workDir = workDir;
  }

  /** The browser, with its profile and output under {@code workDir}; skips or fails the test without it. */
  public static HeadlessChromium require(Path workDir) {
    if (!Files.isExecutable(BINARY)) {
      String message = BINARY + " is missing (Debian package chromium); the status page browser test needs it";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + ", and CI=true requires it to run");
      }
      Assumptions.abort(message + "; skipped");
    }
    return new HeadlessChromium(workDir);
  }

  /**
   * What the browser made of a page.
   *
   * @param dom the serialized DOM after the scripts ran
   * @param console every line the page wrote to the console, uncaught errors included
   */
  public record Page(String dom, List<String> console) {}

  /** Loads {@code url} in a window of the given size and returns its DOM and console. */
  public Page dumpDom(URI url, int width, int height) throws Exception {
    Path dom = workDir.resolve("dom.html");
    Path log = run(List.of("--window-size=" + width + "," + height, "--dump-dom", url.toString()), dom);
    return new Page(Files.readString(dom), consoleLines(log));
  }

  /**
   * Loads {@code url} in a window of the given size, in the dark colour scheme or the light one, and saves
   * what it shows as a PNG.
   */
  void screenshot(URI url, int width, int height, boolean dark, Path png) throws Exception {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    List<String> args = new ArrayList<>();
    if (dark) {
      args.add("--force-dark-mode");
    }
    args.addAll(
        List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url.toString()));
    run(args, workDir.resolve("screenshot.out"));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      fail("chromium wrote no screenshot to " + png);
    }
  }

  private Path run(List<String> args, Path stdout) throws IOException, InterruptedException {
    Path stderr = workDir.resolve("chromium.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + workDir.resolve("profile"),
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=" + VIRTUAL_TIME_MS));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      fail("chromium did not finish within " + TIMEOUT_SECONDS + " s:\n" + Files.readString(stderr));
    }
    if (process.exitValue() != 0) {
      fail("chromium exited with " + process.exitValue() + ":\n" + Files.readString(stderr));
    }
    return stderr;
  }

  /** Chromium logs console messages as {@code [...:INFO:CONSOLE:line] "message", source: url (line)}. */
  private static List<String> consoleLines(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(line -> line.contains(":CONSOLE")).toList();
  }
}
