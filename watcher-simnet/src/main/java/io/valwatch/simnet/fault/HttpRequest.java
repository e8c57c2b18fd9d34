package io.valwatch.simnet.fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One HTTP/1.1 request as it arrived: request line, headers in order, and the whole body. */
record HttpRequest(String method, String target, List<String[]> headers, byte[] body) {
  private static final int MAX_HEAD_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final int MAX_BODY = 16 * 1024 * 1024;

  /** The first value of header {@code name}, or {@code null}. */
  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  /** The path part of the target. */
  String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** Reads the next request, or returns {@code null} at the end of the stream before a request line. */
  static HttpRequest read(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x request line: " + line);
    }
    List<String[]> headers = new ArrayList<>();
    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
      int colon = h.indexOf(':');
      if (colon <= 0 || headers.size() >= MAX_HEADERS) {
        throw new ProtocolException("bad header line: " + h);
      }
      headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
    }
    HttpRequest head = new HttpRequest(parts[0], parts[1], headers, new byte[0]);
    return new HttpRequest(parts[0], parts[1], headers, readBody(in, head));
  }

  private static byte[] readBody(InputStream in, HttpRequest head) throws IOException {
    String encoding = head.header("Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase().contains("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        if (size == null) {
          throw new ProtocolException("end of stream in a chunked body");
        }
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
            // trailers are dropped
          }
          return body.toByteArray();
        }
        if (body.size() + n > MAX_BODY) {
          throw new ProtocolException("request body over " + MAX_BODY + " bytes");
        }
        body.write(in.readNBytes(n));
        readLine(in);
      }
    }
    String length = head.header("Content-Length");
    if (length == null) {
      return new byte[0];
    }
    long n = Long.parseLong(length.trim());
    if (n < 0 || n > MAX_BODY) {
      throw new ProtocolException("bad Content-Length: " + length);
    }
    byte[] body = in.readNBytes((int) n);
    if (body.length != n) {
      throw new ProtocolException("end of stream in the request body");
    }
    return body;
  }

  /** A line without its CR LF, or {@code null} at the end of the stream before any byte. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_HEAD_LINE) {
        throw new ProtocolException("header line over " + MAX_HEAD_LINE + " bytes");
      }
      line.write(b);
    }
    if (line.size() == 0) {
      return null;
    }
    throw new ProtocolException("end of stream in a header line");
  }
}
