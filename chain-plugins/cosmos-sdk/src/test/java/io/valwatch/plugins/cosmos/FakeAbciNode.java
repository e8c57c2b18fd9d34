package io.valwatch.plugins.cosmos;

import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Answers CometBFT {@code /abci_query?path="..."&data=0x...&height=H} requests from per-path handlers, in
 * the JSON shape CometBFT 0.38 sends, and records each query it was asked.
 */
final class FakeAbciNode extends Dispatcher {
  /** One query as the node received it; {@code height} 0 when the request had none. */
  record Query(String path, byte[] data, long height) {}

  private final long latestHeight;
  private final Map<String, Function<byte[], String>> handlers = new ConcurrentHashMap<>();
  private final List<Query> queries = new ArrayList<>();

  FakeAbciNode(long latestHeight) {
    this.latestHeight = latestHeight;
  }

  /** Answers {@code path} with the reply {@code reply} builds from the request bytes. */
  FakeAbciNode answer(String path, Function<byte[], MessageLite> reply) {
    return answerBytes(path, request -> reply.apply(request).toByteArray());
  }

  /** Answers {@code path} with raw reply bytes, well-formed or not. */
  FakeAbciNode answerBytes(String path, Function<byte[], byte[]> reply) {
    handlers.put(path, request -> ok(reply.apply(request)));
    return this;
  }

  /** Answers {@code path} with an application error. */
  FakeAbciNode fail(String path, int code, String codespace, String log) {
    handlers.put(path, request -> error(code, codespace, log));
    return this;
  }

  /** Answers {@code path} with the reply, or the application error, {@code reply} decides on per request. */
  FakeAbciNode answerOrFail(String path, Function<byte[], Reply> reply) {
    handlers.put(
        path,
        request -> {
          Reply r = reply.apply(request);
          return r.message() != null ? ok(r.message().toByteArray()) : error(r.code(), r.codespace(), r.log());
        });
    return this;
  }

  /** A reply message, or else an application error. */
  record Reply(MessageLite message, int code, String codespace, String log) {
    static Reply of(MessageLite message) {
      return new Reply(message, 0, "", "");
    }

    static Reply error(int code, String codespace, String log) {
      return new Reply(null, code, codespace, log);
    }
  }

  synchronized List<Query> queries() {
    return List.copyOf(queries);
  }

  synchronized List<Query> queries(String path) {
    return queries.stream().filter(q -> q.path().equals(path)).toList();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (!url.encodedPath().equals("/abci_query")) {
      return new MockResponse.Builder().code(404).build();
    }
    String path = unquote(url.queryParameter("path"));
    String data = url.queryParameter("data");
    byte[] bytes = data == null ? new byte[0] : HexFormat.of().parseHex(data.substring(2));
    String height = url.queryParameter("height");
    synchronized (this) {
      queries.add(new Query(path, bytes, height == null ? 0 : Long.parseLong(height)));
    }
    Function<byte[], String> handler = handlers.get(path);
    String body =
        handler != null
            ? handler.apply(bytes)
            : """
              {"jsonrpc":"2.0","id":-1,"result":{"response":{"code":6,"log":"unknown query path","info":"",\
              "index":"0","key":null,"value":null,"proofOps":null,"height":"0","codespace":"sdk"}}}""";
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private String error(int code, String codespace, String log) {
    return """
        {"jsonrpc":"2.0","id":-1,"result":{"response":{"code":%d,"log":"%s","info":"","index":"0",\
        "key":null,"value":null,"proofOps":null,"height":"%d","codespace":"%s"}}}"""
        .formatted(code, log, latestHeight, codespace);
  }

  private String ok(byte[] value) {
    return """
        {"jsonrpc":"2.0","id":-1,"result":{"response":{"code":0,"log":"","info":"","index":"0","key":null,\
        "value":"%s","proofOps":null,"height":"%d","codespace":""}}}"""
        .formatted(Base64.getEncoder().encodeToString(value), latestHeight);
  }

  private static String unquote(String s) {
    return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
