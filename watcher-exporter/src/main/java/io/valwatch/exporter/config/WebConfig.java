package io.valwatch.exporter.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP server is secured, read from a web configuration file in the Prometheus exporter-toolkit
 * format: TLS (with optional client certificates), basic authentication with bcrypt hashes, and extra
 * response headers.
 *
 * @param tls the server's certificate and its client policy; empty for plain HTTP
 * @param basicAuthUsers bcrypt password hash by user name; empty when no authentication is asked
 * @param headers response headers added to every answer, by name
 */
public record WebConfig(
    Optional<TlsServerConfig> tls, Map<String, String> basicAuthUsers, Map<String, String> headers) {
  /** Plain HTTP, no authentication. */
  public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of(), Map.of());

  public WebConfig {
    Objects.requireNonNull(tls, "tls");
    basicAuthUsers = Map.copyOf(basicAuthUsers);
    headers = Map.copyOf(headers);
  }

  /** True when the server answers only clients it can authenticate: basic auth or verified client certificates. */
  public boolean authenticates() {
    return !basicAuthUsers.isEmpty()
        || tls.map(t -> t.clientAuth() == TlsServerConfig.ClientAuth.REQUIRE_AND_VERIFY).orElse(false);
  }
}
