package io.valwatch.exporter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a web configuration in the Prometheus exporter-toolkit format: {@code tls_server_config}, {@code
 * basic_auth_users} and {@code http_server_config.headers}. Relative file names are resolved against the
 * directory of the file that holds them. Settings of the format that valwatch does not implement are refused
 * by name rather than ignored.
 */
final class WebConfigSection {
  static final Set<String> KEYS = orderedSet("tls_server_config", "basic_auth_users", "http_server_config", "rate_limit");
  private static final Set<String> TLS_KEYS =
      orderedSet(
          "cert_file",
          "key_file",
          "cert",
          "key",
          "client_auth_type",
          "client_ca_file",
          "client_ca",
          "min_version",
          "max_version",
          "cipher_suites",
          "prefer_server_cipher_suites",
          "curve_preferences",
          "client_allowed_sans");
  private static final Set<String> UNSUPPORTED_TLS_KEYS =
      Set.of("cipher_suites", "prefer_server_cipher_suites", "curve_preferences", "client_allowed_sans");
  private static final Set<String> HTTP_KEYS = orderedSet("headers", "http2");
  private static final Set<String> HEADERS =
      orderedSet(
          "Content-Security-Policy",
          "X-Frame-Options",
          "X-Content-Type-Options",
          "X-XSS-Protection",
          "Strict-Transport-Security");
  private static final List<String> TLS_VERSIONS = List.of("TLS12", "TLS13");
  private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

  private WebConfigSection() {}

  /** The web configuration of the mapping {@code node}; {@link WebConfig#NONE} when absent. */
  static WebConfig read(ConfigNode node, Path baseDirectory, ConfigErrors errors) {
    if (node.isAbsent() || !node.checkMapping(KEYS, errors)) {
      return WebConfig.NONE;
    }
    ConfigNode rateLimit = node.get("rate_limit");
    if (!rateLimit.isAbsent()) {
      errors.add(rateLimit.error("is not supported by valwatch; remove it (put a reverse proxy in front to limit rates)"));
    }
    Optional<TlsServerConfig> tls = tls(node.get("tls_server_config"), baseDirectory, errors);
    Map<String, String> users = users(node.get("basic_auth_users"), errors);
    Map<String, String> headers = headers(node.get("http_server_config"), errors);
    return new WebConfig(tls, users, headers);
  }

  private static Optional<TlsServerConfig> tls(ConfigNode node, Path base, ConfigErrors errors) {
    if (node.isAbsent() || !node.checkMapping(TLS_KEYS, errors)) {
      return Optional.empty();
    }
    int before = errors.count();
    for (String key : UNSUPPORTED_TLS_KEYS) {
      ConfigNode unsupported = node.get(key);
      if (!unsupported.isAbsent()) {
        errors.add(unsupported.error("is not supported by valwatch; remove it (the Java runtime's defaults apply)"));
      }
    }
    Optional<String> certPem = pem(node, "cert", "cert_file", true, base, errors);
    Optional<String> keyPem = pem(node, "key", "key_file", true, base, errors);
    Optional<String> caPem = pem(node, "client_ca", "client_ca_file", false, base, errors);
    List<X509Certificate> chain =
        certPem.flatMap(text -> errors.read(() -> parsing(certNode(node), () -> PemReader.certificates(text)))).orElse(List.of());
    Optional<PrivateKey> key = keyPem.flatMap(text -> errors.read(() -> parsing(keyNode(node), () -> PemReader.privateKey(text))));
    if (!chain.isEmpty() && key.isPresent()) {
      errors.check(() -> parsing(keyNode(node), () -> {
        PemReader.checkPair(chain.get(0), key.get());
        return null;
      }));
    }
    List<X509Certificate> cas =
        caPem.flatMap(text -> errors.read(() -> parsing(caNode(node), () -> PemReader.certificates(text)))).orElse(List.of());
    Optional<TlsServerConfig.ClientAuth> policy = errors.read(() -> clientAuth(node.get("client_auth_type")));
    TlsServerConfig.ClientAuth clientAuth = policy.orElse(TlsServerConfig.ClientAuth.NONE);
    // A policy that could not be read has its own problem; its pairing with the CA is not checked then.
    if (policy.isPresent() && caPem.isPresent() && clientAuth == TlsServerConfig.ClientAuth.NONE) {
      errors.add(
          caNode(node).error("a client CA is given without a client_auth_type; set client_auth_type: RequireAndVerifyClientCert"));
    }
    if (caPem.isEmpty() && clientAuth != TlsServerConfig.ClientAuth.NONE) {
      errors.add(
          node.get("client_auth_type")
              .error(clientAuth.configName() + " needs client_ca_file, the CA that client certificates are verified against"));
    }
    int min = errors.read(() -> tlsVersion(node.get("min_version"), "TLS12")).orElse(0);
    int max = errors.read(() -> tlsVersion(node.get("max_version"), "TLS13")).orElse(TLS_VERSIONS.size() - 1);
    if (min > max) {
      errors.add(node.get("min_version").error("is above max_version"));
    }
    if (errors.count() > before) {
      return Optional.empty();
    }
    List<String> protocols = TLS_VERSIONS.subList(min, max + 1).stream().map(v -> "TLSv1." + v.charAt(4)).toList();
    return Optional.of(new TlsServerConfig(chain, key.orElseThrow(), cas, clientAuth, protocols));
  }

  /** The PEM text of {@code inlineKey} or of the file named by {@code fileKey}; exactly one of them. */
  private static Optional<String> pem(
      ConfigNode tls, String inlineKey, String fileKey, boolean required, Path base, ConfigErrors errors) {
    ConfigNode inline = tls.get(inlineKey);
    ConfigNode file = tls.get(fileKey);
    if (!inline.isAbsent() && !file.isAbsent()) {
      errors.add(inline.error("give either " + inlineKey + " or " + fileKey + ", not both"));
      return Optional.empty();
    }
    if (!inline.isAbsent()) {
      return errors.read(inline::text);
    }
    if (file.isAbsent()) {
      if (required) {
        errors.add(file.error("is required: the PEM file of the server's " + (inlineKey.equals("cert") ? "certificate" : "private key")));
      }
      return Optional.empty();
    }
    return errors.read(
        () -> {
          Path path = base.resolve(file.text());
          try {
            return Files.readString(path);
          } catch (IOException e) {
            throw file.error("cannot read " + path + ": " + e.getMessage());
          }
        });
  }

  private static ConfigNode certNode(ConfigNode tls) {
    return tls.get("cert").isAbsent() ? tls.get("cert_file") : tls.get("cert");
  }

  private static ConfigNode keyNode(ConfigNode tls) {
    return tls.get("key").isAbsent() ? tls.get("key_file") : tls.get("key");
  }

  private static ConfigNode caNode(ConfigNode tls) {
    return tls.get("client_ca").isAbsent() ? tls.get("client_ca_file") : tls.get("client_ca");
  }

  private static <T> T parsing(ConfigNode node, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static TlsServerConfig.ClientAuth clientAuth(ConfigNode node) {
    if (node.isAbsent()) {
      return TlsServerConfig.ClientAuth.NONE;
    }
    String value = node.text().strip();
    for (TlsServerConfig.ClientAuth policy : TlsServerConfig.ClientAuth.values()) {
      if (policy.configName().equals(value)) {
        return policy;
      }
    }
    if (value.equals("RequestClientCert") || value.equals("RequireAnyClientCert") || value.equals("RequireClientCert")) {
      throw node.error(
          value + " accepts client certificates without verifying them, which authenticates nobody;"
              + " use RequireAndVerifyClientCert (or VerifyClientCertIfGiven) with client_ca_file");
    }
    throw node.error("expected NoClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert, got '" + value + "'");
  }

  private static int tlsVersion(ConfigNode node, String absent) {
    String value = node.isAbsent() ? absent : node.text().strip();
    int index = TLS_VERSIONS.indexOf(value);
    if (index >= 0) {
      return index;
    }
    if (value.equals("TLS10") || value.equals("TLS11")) {
      throw node.error(value + " is disabled by the Java runtime; use TLS12 or TLS13");
    }
    throw node.error("expected TLS12 or TLS13, got '" + value + "'");
  }

  private static Map<String, String> users(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent()) {
      return Map.of();
    }
    if (!node.isMapping()) {
      errors.add(node.error("expected a mapping of user names to bcrypt password hashes"));
      return Map.of();
    }
    Map<String, String> users = new LinkedHashMap<>();
    for (String user : node.keys()) {
      ConfigNode hashNode = node.get(user);
      errors
          .read(
              () -> {
                if (user.isEmpty() || user.contains(":")) {
                  throw hashNode.error("a user name must be non-empty and hold no ':'");
                }
                String hash = hashNode.text().strip();
                // The hash is not echoed: a password pasted here by mistake must not reach the log.
                if (!BCRYPT.matcher(hash).matches()) {
                  throw hashNode.error("is not a bcrypt hash ($2y$10$ and 53 more characters, as htpasswd -nBC 10 \"\" prints)");
                }
                return hash;
              })
          .ifPresent(hash -> users.put(user, hash));
    }
    return users;
  }

  private static Map<String, String> headers(ConfigNode node, ConfigErrors errors) {
    if (node.isAbsent() || !node.checkMapping(HTTP_KEYS, errors)) {
      return Map.of();
    }
    ConfigNode http2 = node.get("http2");
    if (!http2.isAbsent() && errors.read(http2::bool).orElse(false)) {
      errors.add(http2.error("valwatch serves HTTP/1.1 only; set http2: false or remove the key"));
    }
    ConfigNode headersNode = node.get("headers");
    if (headersNode.isAbsent() || !headersNode.checkMapping(HEADERS, errors)) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : headersNode.keys()) {
      errors.read(headersNode.get(name)::text).filter(v -> !v.isBlank()).ifPresent(value -> headers.put(name, value));
    }
    return headers;
  }

  private static Set<String> orderedSet(String... values) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
  }
}
