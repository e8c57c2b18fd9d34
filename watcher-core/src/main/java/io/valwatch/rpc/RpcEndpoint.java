package io.valwatch.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The base URL of a CometBFT RPC endpoint, such as {@code https://rpc.example.org} or {@code
 * http://127.0.0.1:26657}. Requests go to {@code <base>/status}, {@code <base>/block} and so on; the
 * websocket is {@code <base>/websocket} with {@code ws}/{@code wss} in place of {@code http}/{@code
 * https}.
 *
 * <p>Hosted RPC providers put credentials in the URL: user info, query parameters, or an API key as a
 * path segment. {@link #toString()} and {@link #redacted()} never show them, so an endpoint can be
 * logged, put in exception messages and used as a metric label. Only {@link #url()} holds the real URL.
 */
public final class RpcEndpoint {
  private static final String MASK = "***";
  private static final Pattern LETTER = Pattern.compile("[A-Za-z]");
  private static final Pattern DIGIT = Pattern.compile("[0-9]");
  private static final Pattern RAW_USER_INFO = Pattern.compile("(//)[^/?#]*@");
  private static final Pattern RAW_QUERY_VALUE = Pattern.compile("=[^&#]*");

  private final HttpUrl url;
  private final String redacted;

  private RpcEndpoint(HttpUrl url) {
    this.url = url;
    this.redacted = redact(url);
  }

  /**
   * Parses an RPC base URL.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute {@code http} or {@code https}
   *     URL; the message shows the URL redacted
   */
  public static RpcEndpoint parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("RPC URL is empty");
    }
    String trimmed = url.strip();
    int colon = trimmed.indexOf("://");
    if (colon <= 0) {
      throw invalid(trimmed, "not an absolute URL; expected http://host:port or https://host");
    }
    String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(
          trimmed,
          "scheme '" + scheme + "' is not supported; use http:// or https:// "
              + "(the websocket URL is derived from it)");
    }
    HttpUrl parsed = HttpUrl.parse(trimmed);
    if (parsed == null) {
      throw invalid(trimmed, "not a valid URL (check the host, port and escaping)");
    }
    HttpUrl.Builder builder = parsed.newBuilder().fragment(null);
    List<String> segments = parsed.pathSegments();
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      builder.removePathSegment(segments.size() - 1);
    }
    return new RpcEndpoint(builder.build());
  }

  private static IllegalArgumentException invalid(String raw, String why) {
    return new IllegalArgumentException("Invalid RPC URL " + redactRaw(raw) + ": " + why);
  }

  /** The real URL, credentials included; use it only to make requests. */
  public HttpUrl url() {
    return url;
  }

  /**
   * The websocket URL of this endpoint: {@code ws} or {@code wss}, the base path plus {@code /websocket},
   * and the base URL's query. Holds credentials like {@link #url()}.
   */
  public String webSocketUrl() {
    HttpUrl http = resolve("websocket");
    String scheme = http.isHttps() ? "wss" : "ws";
    return scheme + http.toString().substring(http.scheme().length());
  }

  /** The URL of one RPC route under the base path, keeping the base URL's query parameters. */
  HttpUrl resolve(String route) {
    return url.newBuilder().addPathSegment(route).build();
  }

  /**
   * The URL without secrets: {@code scheme://host[:port][/path][?name=***]}. User info is dropped, every
   * query parameter value becomes {@code ***}, and path segments that look like API keys (16 or more
   * characters mixing letters and digits) become {@code ***}. The port is shown when it is not the
   * scheme's default.
   */
  public String redacted() {
    return redacted;
  }

  /** Replaces any secret of this endpoint that appears in {@code text}, such as an exception message. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String result = text.replace(url.toString(), redacted);
    for (String secret : secrets()) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, MASK);
      }
    }
    return result;
  }

  private List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    secrets.add(url.password());
    secrets.add(url.encodedPassword());
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      if (value != null) {
        secrets.add(value);
      }
    }
    for (String segment : url.pathSegments()) {
      if (looksLikeKey(segment)) {
        secrets.add(segment);
      }
    }
    return secrets;
  }

  private static String redact(HttpUrl url) {
    StringBuilder out = new StringBuilder(url.scheme()).append("://");
    String host = url.host();
    out.append(host.contains(":") ? "[" + host + "]" : host);
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      out.append(':').append(url.port());
    }
    for (String segment : url.encodedPathSegments()) {
      if (!segment.isEmpty()) {
        out.append('/').append(looksLikeKey(segment) ? MASK : segment);
      }
    }
    for (int i = 0; i < url.querySize(); i++) {
      out.append(i == 0 ? '?' : '&').append(url.queryParameterName(i));
      if (url.queryParameterValue(i) != null) {
        out.append('=').append(MASK);
      }
    }
    return out.toString();
  }

  /** Best-effort redaction of text that did not parse as a URL. */
  private static String redactRaw(String raw) {
    String noUserInfo = RAW_USER_INFO.matcher(raw).replaceFirst("$1");
    int queryStart = noUserInfo.indexOf('?');
    String beforeQuery = queryStart < 0 ? noUserInfo : noUserInfo.substring(0, queryStart);
    String query = queryStart < 0 ? "" : noUserInfo.substring(queryStart);
    StringBuilder out = new StringBuilder();
    String[] parts = beforeQuery.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(i >= 3 && looksLikeKey(parts[i]) ? MASK : parts[i]);
    }
    return out.append(RAW_QUERY_VALUE.matcher(query).replaceAll("=" + MASK)).toString();
  }

  private static boolean looksLikeKey(String segment) {
    return segment.length() >= 16
        && LETTER.matcher(segment).find()
        && DIGIT.matcher(segment).find();
  }

  /** Equal when the full URLs, credentials included, are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RpcEndpoint other && url.equals(other.url);
  }

  @Override
  public int hashCode() {
    return url.hashCode();
  }

  /** Same as {@link #redacted()}. */
  @Override
  public String toString() {
    return redacted;
  }
}
