package io.valwatch.exporter.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The secrets of one channel (its URL, which for webhooks is the credential, a bot token, a routing key) and
 * how to keep them out of logs and messages.
 */
final class Secrets {
  private static final String MASK = "***";
  private static final Pattern DIGIT = Pattern.compile("[0-9]");

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  /** The secrets of {@code url} and {@code others}. */
  static Secrets of(HttpUrl url, String... others) {
    List<String> values = new ArrayList<>();
    values.add(url.toString());
    values.add(url.encodedPath());
    values.add(url.encodedQuery());
    values.add(url.username());
    values.add(url.password());
    for (int i = 0; i < url.querySize(); i++) {
      values.add(url.queryParameterValue(i));
    }
    for (String segment : url.pathSegments()) {
      // Tokens in paths are long or carry digits; plain words such as "api" or "services" are not secrets.
      if (segment.length() >= 16 || DIGIT.matcher(segment).find()) {
        values.add(segment);
      }
    }
    values.addAll(List.of(others));
    values.removeIf(value -> value == null || value.length() < 4 || value.equals("/"));
    // Longest first, so that a URL is masked whole before its parts.
    values.sort(Comparator.comparingInt(String::length).reversed());
    return new Secrets(List.copyOf(values));
  }

  /** {@code text} with every secret replaced by {@code ***}. */
  String scrub(String text) {
    String result = text == null ? "" : text;
    for (String secret : values) {
      result = result.replace(secret, MASK);
    }
    return result;
  }

  /**
   * What may be shown of {@code url}: scheme, host and port only, with {@code /…} when it has a path or query.
   * Webhook URLs are credentials as a whole, so no part of the path is shown.
   */
  static String endpoint(HttpUrl url) {
    StringBuilder out = new StringBuilder(url.scheme()).append("://");
    out.append(url.host().contains(":") ? "[" + url.host() + "]" : url.host());
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      out.append(':').append(url.port());
    }
    if (!url.encodedPath().equals("/") || url.encodedQuery() != null) {
      out.append("/…");
    }
    return out.toString();
  }
}
