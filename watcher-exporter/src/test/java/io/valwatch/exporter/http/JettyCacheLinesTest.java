package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerFactory;
import org.eclipse.jetty.util.MemoryUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jetty gets the figure it would have worked out itself, in a JVM of its own each time. */
@Timeout(60)
class JettyCacheLinesTest {
  /** Prints Jetty's references per cache line, with or without the preset, and the MBean servers created. */
  public static void main(String[] args) {
    if (args[0].equals("preset")) {
      JettyCacheLines.preset();
    }
    System.out.println(MemoryUtils.getReferencesPerCacheLine() + " " + MBeanServerFactory.findMBeanServer(null).size());
  }

  private static String run(String compressedOops, String mode) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), compressedOops, "-cp",
        System.getProperty("java.class.path"), JettyCacheLinesTest.class.getName(), mode));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"-XX:+UseCompressedOops", "-XX:-UseCompressedOops"})
  void presetEqualsJettysOwnFigureWithoutCreatingTheMBeanServer(String compressedOops) throws Exception {
    String jettys = run(compressedOops, "jetty");
    String preset = run(compressedOops, "preset");

    assertThat(jettys).endsWith(" 1");
    assertThat(preset).isEqualTo(jettys.replaceAll(" 1$", " 0"));
  }

  @Test
  void aValueOnTheCommandLineWins() {
    String before = System.getProperty(JettyCacheLines.REFERENCES_PER_CACHE_LINE);
    try {
      System.setProperty(JettyCacheLines.REFERENCES_PER_CACHE_LINE, "3");
      JettyCacheLines.preset();
      assertThat(System.getProperty(JettyCacheLines.REFERENCES_PER_CACHE_LINE)).isEqualTo("3");
    } finally {
      if (before == null) {
        System.clearProperty(JettyCacheLines.REFERENCES_PER_CACHE_LINE);
      } else {
        System.setProperty(JettyCacheLines.REFERENCES_PER_CACHE_LINE, before);
      }
    }
  }
}
