package io.valwatch.exporter.http;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP response: status, content type and body.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body the bytes sent
 */
record Reply(int status, String contentType, byte[] body) {
  static Reply text(int status, String body) {
    return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
