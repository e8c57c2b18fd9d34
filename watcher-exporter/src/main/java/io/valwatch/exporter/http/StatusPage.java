package io.valwatch.exporter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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

  /** Reads the page from the exporter's resources. */
  static StatusPage load() {
    try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the exporter's jar");
      }
      return new StatusPage(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  Reply reply() {
    return reply;
  }
}
