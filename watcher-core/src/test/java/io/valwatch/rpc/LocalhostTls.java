package io.valwatch.rpc;

import java.io.InputStream;
import java.security.KeyStore;
import java.util.concurrent.Callable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, to serve TLS from a test server and to
 * make the JVM's default trust store trust it for a while.
 */
public final class LocalhostTls {
  private static final String STORE = "/tls/localhost.p12";
  private static final String OTHER_NAME = "/tls/other-name.p12";
  private static final String PASSWORD = "changeit";
  private static final String[] PROPERTIES = {
    "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"
  };

  private LocalhostTls() {}

  /** Sockets that serve the certificate. */
  public static SSLSocketFactory serverSockets() throws Exception {
    return serverSockets(STORE);
  }

  /** Sockets that serve a certificate for the name {@code other.example} only, trusted by {@link #client()}. */
  public static SSLSocketFactory otherNameServerSockets() throws Exception {
    return serverSockets(OTHER_NAME);
  }

  /** A client context that trusts both certificates and nothing else. */
  public static SSLContext client() throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("localhost", load(STORE).getCertificate("localhost"));
    trusted.setCertificateEntry("other", load(OTHER_NAME).getCertificate("other"));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(String resource) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = LocalhostTls.class.getResourceAsStream(resource)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static SSLSocketFactory serverSockets(String resource) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(resource), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context.getSocketFactory();
  }

  /**
   * Runs {@code work} with the certificate as the JVM's trust store ({@code javax.net.ssl.trustStore}), which
   * every trust manager loaded meanwhile reads; the properties are restored after.
   */
  public static <T> T trusted(Callable<T> work) throws Exception {
    String[] before = new String[PROPERTIES.length];
    for (int i = 0; i < PROPERTIES.length; i++) {
      before[i] = System.getProperty(PROPERTIES[i]);
    }
    try {
      System.setProperty(PROPERTIES[0], LocalhostTls.class.getResource(STORE).getPath());
      System.setProperty(PROPERTIES[1], PASSWORD);
      System.setProperty(PROPERTIES[2], "PKCS12");
      return work.call();
    } finally {
      for (int i = 0; i < PROPERTIES.length; i++) {
        if (before[i] == null) {
          System.clearProperty(PROPERTIES[i]);
        } else {
          System.setProperty(PROPERTIES[i], before[i]);
        }
      }
    }
  }
}
