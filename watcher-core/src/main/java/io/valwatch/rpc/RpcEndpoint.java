package io.valwatch.rpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.Credentials;
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

  /** Secrets shorter than this are not searched for in text: they would mask ordinary words and numbers. */
  private static final int MIN_SECRET_LENGTH = 4;

  private final HttpUrl url;
  private final String name;
  private final Set<String> secretSegments;
  private final String redacted;
  private final List<String> secrets;

  private RpcEndpoint(HttpUrl url, String name, Set<String> secretSegments) {
    this.url = url;
    this.name = name;
    this.secretSegments = secretSegments;
    this.redacted = name != null ? name : redact(url, secretSegments);
    this.secrets = secrets(url, secretSegments);
  }

  /**
   * This endpoint shown as {@code name} instead of its URL wherever valwatch names it (logs, labels, status,
   * alerts), so that no part of the URL needs to be shown.
   *
   * @throws IllegalArgumentException if the name is blank, longer than 100 characters or has control
   *     characters
   */
  public RpcEndpoint named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 100 || !EmittedText.printable(name).equals(name)) {
      throw new IllegalArgumentException(
          "endpoint name must be 1 to 100 printable characters, got \"" + EmittedText.printable(EmittedText.cap(name, 100)) + '"');
    }
    return new RpcEndpoint(url, name, secretSegments);
  }

  /**
   * This endpoint with {@code segments} of its URL path treated as secrets: masked in {@link #redacted()} and
   * scrubbed from any text, like the segments that look like keys.
   *
   * @throws IllegalArgumentException if one of them is not a segment of the path (the message does not show
   *     it)
   */
  public RpcEndpoint withSecretPathSegments(Collection<String> segments) {
    Set<String> marked = new LinkedHashSet<>(secretSegments);
    List<String> path = url.pathSegments();
    for (String segment : segments) {
      if (!path.contains(segment)) {
        throw new IllegalArgumentException(
            "a secret path segment (" + segment.length() + " characters) is not a segment of the path of " + redacted);
      }
      marked.add(segment);
    }
    return new RpcEndpoint(url, name, Set.copyOf(marked));
  }

  /** The display name given with {@link #named}, if any. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
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
    return new RpcEndpoint(builder.build(), null, Set.of());
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
   * How valwatch shows this endpoint: its {@linkplain #named name} when it has one, else the URL without
   * secrets: {@code scheme://host[:port][/path][?name=***]}. User info is dropped, every query parameter value
   * becomes {@code ***}, and path segments that look like API keys (16 or more characters mixing letters and
   * digits) or were {@linkplain #withSecretPathSegments marked secret} become {@code ***}. The port is shown
   * when it is not the scheme's default.
   */
  public String redacted() {
    return redacted;
  }

  /**
   * Replaces every secret of this endpoint that appears in {@code text} (an exception message, or text the
   * endpoint sent back) with {@code ***}: the URL itself, user name and password, the Basic credentials made of
   * them, query values and secret path segments, in plain and in URL-encoded form.
   */
  public String scrub(String text) {
    if (text == null) {
      return "";
    }
    String result = text.replace(url.toString(), redacted);
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }

  /** Longest first, so that a secret containing another is masked whole. */
  private static List<String> secrets(HttpUrl url, Set<String> secretSegments) {
    Set<String> secrets = new LinkedHashSet<>();
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      String basic = Credentials.basic(url.username(), url.password());
      secrets.add(basic.substring(basic.indexOf(' ') + 1));
    }
    secrets.add(url.username());
    secrets.add(url.encodedUsername());
    secrets.add(url.password());
    secrets.add(url.encodedPassword());
    for (int i = 0; i < url.querySize(); i++) {
      secrets.add(url.queryParameterValue(i));
    }
    String query = url.encodedQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq >= 0) {
          secrets.add(pair.substring(eq + 1));
        }
      }
    }
    List<String> segments = url.pathSegments();
    List<String> encodedSegments = url.encodedPathSegments();
    for (int i = 0; i < segments.size(); i++) {
      if (isSecret(segments.get(i), secretSegments)) {
        secrets.add(segments.get(i));
        secrets.add(encodedSegments.get(i));
      }
    }
    secrets.removeIf(s -> s == null || s.length() < MIN_SECRET_LENGTH);
    List<String> ordered = new ArrayList<>(secrets);
    ordered.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(ordered);
  }

  private static boolean isSecret(String segment, Set<String> secretSegments) {
    return looksLikeKey(segment) || secretSegments.contains(segment);
  }

  private static String redact(HttpUrl url, Set<String> secretSegments) {
    StringBuilder out = new StringBuilder(url.scheme()).append("://");
    String host = url.host();
    out.append(host.contains(":") ? "[" + host + "]" : host);
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      out.append(':').append(url.port());
    }
    List<String> segments = url.pathSegments();
    List<String> encodedSegments = url.encodedPathSegments();
    for (int i = 0; i < segments.size(); i++) {
      if (!segments.get(i).isEmpty()) {
        out.append('/').append(isSecret(segments.get(i), secretSegments) ? MASK : encodedSegments.get(i));
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

  /** Equal when the full URLs, credentials included, names and secret segments are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RpcEndpoint other
        && url.equals(other.url)
        && Objects.equals(name, other.name)
        && secretSegments.equals(other.secretSegments);
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
