package io.valwatch.rpc;

import okhttp3.HttpUrl;

/** SCAFFOLD: replaced by the real endpoint. */
public final class RpcEndpoint {
  private final HttpUrl url;

  private RpcEndpoint(HttpUrl url) {
    this.url = url;
  }

  public static RpcEndpoint parse(String url) {
    return new RpcEndpoint(HttpUrl.get(url));
  }

  public HttpUrl url() {
    return url;
  }

  public String redacted() {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  @Override
  public String toString() {
    return redacted();
  }
}
