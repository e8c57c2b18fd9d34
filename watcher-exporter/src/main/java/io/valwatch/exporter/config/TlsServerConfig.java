package io.valwatch.exporter.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The server side of TLS: the certificate the server presents, and whether and how it asks clients for
 * theirs.
 *
 * @param certificateChain the server certificate first, then any intermediates
 * @param privateKey the key of the server certificate
 * @param clientCas the certificate authorities a client certificate must chain to; empty when none is checked
 * @param clientAuth whether client certificates are asked for and verified
 * @param protocols the TLS protocol versions accepted, such as {@code TLSv1.2} and {@code TLSv1.3}
 */
public record TlsServerConfig(
    List<X509Certificate> certificateChain,
    PrivateKey privateKey,
    List<X509Certificate> clientCas,
    ClientAuth clientAuth,
    List<String> protocols) {
  /** The client certificate policies, named as in exporter-toolkit's {@code client_auth_type}. */
  public enum ClientAuth {
    /** {@code NoClientCert}: no client certificate is asked for. */
    NONE("NoClientCert"),
    /** {@code VerifyClientCertIfGiven}: a client certificate is optional; one that is given must verify. */
    VERIFY_IF_GIVEN("VerifyClientCertIfGiven"),
    /** {@code RequireAndVerifyClientCert}: every client must present a certificate that verifies. */
    REQUIRE_AND_VERIFY("RequireAndVerifyClientCert");

    private final String configName;

    ClientAuth(String configName) {
      this.configName = configName;
    }

    /** The name in the web configuration file. */
    public String configName() {
      return configName;
    }
  }

  public TlsServerConfig {
    certificateChain = List.copyOf(certificateChain);
    if (certificateChain.isEmpty()) {
      throw new IllegalArgumentException("a server certificate is required");
    }
    Objects.requireNonNull(privateKey, "privateKey");
    clientCas = List.copyOf(clientCas);
    Objects.requireNonNull(clientAuth, "clientAuth");
    protocols = List.copyOf(protocols);
  }
}
