package io.valwatch.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The exporter's version, written into the jar at build time. */
final class ExporterVersion {
  private ExporterVersion() {}

  static String current() {
    try (InputStream in = ExporterVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("reading the exporter version", e);
    }
  }
}
