package io.valwatch.exporter.http;

import io.valwatch.exporter.config.TlsServerConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty's TLS settings from a {@link TlsServerConfig}; key and trust stores are built in memory. */
final class TlsContexts {
  private TlsContexts() {}

  static SslContextFactory.Server server(TlsServerConfig config) throws IOException {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getEncoder().encodeToString(random);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    try {
      KeyStore keys = emptyStore();
      keys.setKeyEntry(
          "server", config.privateKey(), password.toCharArray(), config.certificateChain().toArray(new X509Certificate[0]));
      ssl.setKeyStore(keys);
      ssl.setKeyStorePassword(password);
      ssl.setKeyManagerPassword(password);
      if (!config.clientCas().isEmpty()) {
        KeyStore trust = emptyStore();
        List<X509Certificate> cas = config.clientCas();
        for (int i = 0; i < cas.size(); i++) {
          trust.setCertificateEntry("client-ca-" + i, cas.get(i));
        }
        ssl.setTrustStore(trust);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the TLS certificate and key: " + e.getMessage(), e);
    }
    switch (config.clientAuth()) {
      case REQUIRE_AND_VERIFY -> ssl.setNeedClientAuth(true);
      case VERIFY_IF_GIVEN -> ssl.setWantClientAuth(true);
      case NONE -> {}
    }
    ssl.setIncludeProtocols(config.protocols().toArray(new String[0]));
    ssl.setEndpointIdentificationAlgorithm(null);
    return ssl;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
