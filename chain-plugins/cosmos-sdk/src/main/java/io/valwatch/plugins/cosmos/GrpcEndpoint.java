package io.valwatch.plugins.cosmos;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A gRPC endpoint as configured: {@code host:port} or {@code http://host:port} for plaintext, {@code
 * https://host[:port]} for TLS (port 443 by default). Holds no credentials, so it can be logged as is.
 *
 * @param target the {@code host:port} to dial
 * @param tls whether to use TLS
 */
record GrpcEndpoint(String target, boolean tls) {
  /** @throws IllegalArgumentException naming what is wrong, without echoing anything after the host */
  static GrpcEndpoint parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("gRPC endpoint is empty");
    }
    boolean hasScheme = trimmed.contains("://");
    URI uri;
    try {
      uri = new URI(hasScheme ? trimmed : "http://" + trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("gRPC endpoint is not host:port or http(s)://host:port: " + e.getReason());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("gRPC endpoint has no host; expected host:port or https://host");
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "gRPC endpoint " + host + " has scheme '" + scheme + "'; use host:port, http:// (plaintext) or https:// (TLS)");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "gRPC endpoint " + host + " has user info, a path or a query; gRPC endpoints are host and port only");
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort();
    if (port < 0) {
      if (!tls) {
        throw new IllegalArgumentException("gRPC endpoint " + host + " has no port; plaintext gRPC needs host:port");
      }
      port = 443;
    }
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return new GrpcEndpoint(hostPart + ":" + port, tls);
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + target;
  }
}
