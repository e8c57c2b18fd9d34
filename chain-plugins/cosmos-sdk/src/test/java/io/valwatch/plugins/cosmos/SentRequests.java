package io.valwatch.plugins.cosmos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Records every HTTP request a client sends, as it goes on the wire, for tests to check what was asked. */
final class SentRequests implements Interceptor {
  /** One {@code abci_query} as sent; {@code height} 0 when the request had none. */
  record AbciQuery(String path, byte[] data, long height) {}

  private final List<Request> requests = new ArrayList<>();

  /** A client that records through this. */
  OkHttpClient on(OkHttpClient http) {
    return http.newBuilder().addInterceptor(this).build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    synchronized (this) {
      requests.add(chain.request());
    }
    return chain.proceed(chain.request());
  }

  synchronized List<Request> all() {
    return List.copyOf(requests);
  }

  /** The {@code abci_query} requests, in order. */
  List<AbciQuery> abciQueries() {
    return all().stream()
        .map(Request::url)
        .filter(u -> u.encodedPath().endsWith("/abci_query"))
        .map(SentRequests::abciQuery)
        .toList();
  }

  /** The {@code abci_query} requests for one path, in order. */
  List<AbciQuery> abciQueries(String path) {
    return abciQueries().stream().filter(q -> q.path().equals(path)).toList();
  }

  private static AbciQuery abciQuery(HttpUrl url) {
    String path = url.queryParameter("path");
    String data = url.queryParameter("data");
    String height = url.queryParameter("height");
    return new AbciQuery(
        path.substring(1, path.length() - 1),
        data == null ? new byte[0] : HexFormat.of().parseHex(data.substring(2)),
        height == null ? 0 : Long.parseLong(height));
  }
}
