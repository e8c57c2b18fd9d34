package io.valwatch.internal;

import io.valwatch.model.ChainSpec;
import io.valwatch.rpc.RpcEndpoint;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * Whether a watcher's HTTP client can do without TLS, and such a client. OkHttp loads the JVM's trust store (every
 * CA certificate parsed, a few MiB of a daemon's memory) when a client that may speak TLS is built, whether or not
 * it ever does; a watcher whose every URL is {@code http://} (a node on the same machine or network, say) never
 * needs it.
 */
public final class CleartextHttp {
  private CleartextHttp() {}

  /**
   * Whether no URL of {@code chains} is {@code https}: no RPC endpoint, and no plugin option that names one (a
   * REST endpoint, say).
   */
  public static boolean suffices(Collection<ChainSpec> chains) {
    for (ChainSpec chain : chains) {
      for (RpcEndpoint endpoint : chain.endpoints()) {
        if (endpoint.url().isHttps()) {
          return false;
        }
      }
      if (namesHttps(chain.pluginOptions())) {
        return false;
      }
    }
    return true;
  }

  private static boolean namesHttps(Object option) {
    if (option instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(CleartextHttp::namesHttps);
    }
    if (option instanceof Collection<?> values) {
      return values.stream().anyMatch(CleartextHttp::namesHttps);
    }
    return option != null && option.toString().toLowerCase(Locale.ROOT).contains("https:");
  }

  /**
   * {@code builder} made to speak plain HTTP only. A request for an {@code https} URL fails with an
   * {@link IOException} that says so, and a redirect from {@code http} to {@code https} is not followed (the
   * redirect is the answer), rather than OkHttp's unchecked "CLEARTEXT-only client".
   */
  public static OkHttpClient.Builder only(OkHttpClient.Builder builder) {
    return builder
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .followSslRedirects(false)
        .addInterceptor(chain -> {
          if (chain.request().url().isHttps()) {
            throw new IOException(
                "https is off in this HTTP client: every URL the watcher was configured with is http://");
          }
          return chain.proceed(chain.request());
        });
  }
}
