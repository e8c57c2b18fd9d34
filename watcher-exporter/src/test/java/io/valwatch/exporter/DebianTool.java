package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from a Debian package that some tests run (promtool, prometheus, amtool). Without it on the PATH
 * those tests are skipped, except under {@code CI=true}, where they fail: {@code .ci/run} installs it.
 */
public final class DebianTool {
  private DebianTool() {}

  /** The executable's path; aborts the calling test (fails it under CI) when it is not on the PATH. */
  public static Path require(String executable, String debianPackage) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    Optional<Path> found =
        Stream.of(path.split(Pattern.quote(File.pathSeparator)))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, executable))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      String message = executable + " is not on the PATH (Debian package " + debianPackage + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + ", and CI=true requires the tests that need it to run");
      }
      Assumptions.abort(message + "; skipped");
    }
    return found.get();
  }
}
