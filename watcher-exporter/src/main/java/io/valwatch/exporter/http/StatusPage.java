package io.valwatch.exporter.http;

import io.valwatch.exporter.metrics.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The status page served on {@code /}: one self-contained HTML document (styles and script inline) that
 * draws {@code /api/v1/status} and fetches it again every few seconds.
 */
final class StatusPage {
  private static final String RESOURCE = "status-page.html";

  private final Reply reply;

  private StatusPage(byte[] html) {
    this.reply = new Reply(200, "text/html; charset=utf-8", html);
  }

  /** Where the page names the exporter's build. */
  private static final String BUILD_PLACEHOLDER = "{{build}}";

  /** Reads the page from the exporter's resources and writes the exporter's build into it. */
  static StatusPage load() {
    try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the exporter's jar");
      }
      String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String build = escape("valwatch " + BuildInfo.current().describe());
      return new StatusPage(html.replace(BUILD_PLACEHOLDER, build).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  Reply reply() {
    return reply;
  }
}
