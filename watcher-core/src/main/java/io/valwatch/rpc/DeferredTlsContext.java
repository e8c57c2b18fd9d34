package io.valwatch.rpc;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context made at the first handshake instead of with the JDK HTTP client that holds it. Making the JVM's
 * default context loads the TLS stack and parses every CA certificate of the trust store, several MiB of a
 * daemon's memory that a client speaking only {@code ws://} never needs. Thread-safe.
 */
final class DeferredTlsContext extends SSLContext {
  private final Deferred spi;

  private DeferredTlsContext(Deferred spi) {
    super(spi, null, "Default");
    this.spi = spi;
  }

  /**
   * {@code builder} with {@link SSLContext#getDefault()} made at its first handshake: the same trust store, key
   * store, protocols and cipher suites as the client would have had without it.
   */
  static HttpClient.Builder defaultContext(HttpClient.Builder builder) {
    return deferred(builder, () -> {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default TLS context in this JVM", e);
      }
    });
  }

  /**
   * {@code builder} with the context {@code make} makes, made at its first handshake. The client is given
   * parameters that leave protocols and cipher suites to the context (it would otherwise ask the context for
   * them at once); host name checking and ALPN are the client's own, set at each connection.
   */
  static HttpClient.Builder deferred(HttpClient.Builder builder, Supplier<SSLContext> make) {
    return builder.sslContext(new DeferredTlsContext(new Deferred(make))).sslParameters(new SSLParameters());
  }

  /** Whether the context has been made. */
  boolean made() {
    return spi.made();
  }

  private static final class Deferred extends SSLContextSpi {
    private final Supplier<SSLContext> make;
    private volatile SSLContext context;

    Deferred(Supplier<SSLContext> make) {
      this.make = Objects.requireNonNull(make, "make");
    }

    boolean made() {
      return context != null;
    }

    private SSLContext context() {
      SSLContext made = context;
      if (made == null) {
        synchronized (this) {
          made = context;
          if (made == null) {
            made = Objects.requireNonNull(make.get(), "the TLS context");
            context = made;
          }
        }
      }
      return made;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
      throw new UnsupportedOperationException("a deferred TLS context is made, not initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context().getSupportedSSLParameters();
    }
  }
}
