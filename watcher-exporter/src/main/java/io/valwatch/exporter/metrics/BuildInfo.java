package io.valwatch.exporter.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * What was built: the version, the git commit and the build time, written into the jar by the build. The
 * build time is the commit's time, so that building the same commit again gives the same jar.
 */
public record BuildInfo(String version, String commit, String buildTime) {
  private static final String UNKNOWN = "unknown";

  public BuildInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(buildTime, "buildTime");
  }

  /** The exporter's own build; parts the build could not tell (no git checkout, say) read "unknown". */
  public static BuildInfo current() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/io/valwatch/exporter/version.properties")) {
      if (in == null) {
        return new BuildInfo(UNKNOWN, UNKNOWN, UNKNOWN);
      }
      Properties properties = new Properties();
      properties.load(in);
      return new BuildInfo(
          known(properties, "version"), known(properties, "commit"), known(properties, "build_time"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the exporter's version", e);
    }
  }

  /** One line for people: {@code 0.1.0 (commit 0123456789ab, built 2026-12-04T16:56:25Z)}. */
  public String describe() {
    return version + " (commit " + commit + ", built " + buildTime + ")";
  }

  /** A value the build left unfilled (a placeholder) is unknown. */
  private static String known(Properties properties, String key) {
    String value = properties.getProperty(key, "").trim();
    return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
  }
}
