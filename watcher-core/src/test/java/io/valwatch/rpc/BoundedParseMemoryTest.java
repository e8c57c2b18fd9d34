package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Parsing holds little memory whatever the body holds, below the body size limit. */
class BoundedParseMemoryTest {
  private static final int SMALL_OBJECTS = 7_600_000;

  @StartStop final MockWebServer server = new MockWebServer();

  /** A /block answer whose valid block follows 60 MB of small objects in a field valwatch does not read. */
  private static Buffer blockAfterManySmallObjects() {
    Buffer body = new Buffer().writeUtf8("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"block_id\":[");
    byte[] item = "{\"a\":1},".getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[item.length * 10_000];
    for (int i = 0; i < 10_000; i++) {
      System.arraycopy(item, 0, chunk, i * item.length, item.length);
    }
    for (int i = 0; i < SMALL_OBJECTS / 10_000; i++) {
      body.write(chunk);
    }
    String block = Fixtures.read("block-1001.json");
    String blockObject = block.substring(block.indexOf("\"block\""), block.lastIndexOf('}'));
    return body.writeUtf8("{}],").writeUtf8(blockObject).writeUtf8("}");
  }

  @Test
  void aSixtyMegabyteBodyOfSmallObjectsParsesInA48MegabyteHeap() throws Exception {
    Buffer body = blockAfterManySmallObjects();
    assertThat(body.size()).isGreaterThan(60_000_000);
    assertFetchedInSmallHeap(body);
  }

  /** A /block answer whose valid block follows 60 MB of distinct field names in a field valwatch does not read. */
  private static Buffer blockAfterManyDistinctNames() {
    Buffer body = new Buffer().writeUtf8("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"block_id\":{");
    for (int i = 0; i < 5_000_000; i++) {
      body.writeUtf8("\"k").writeUtf8(Integer.toString(i, 36)).writeUtf8("\":1,");
    }
    String block = Fixtures.read("block-1001.json");
    String blockObject = block.substring(block.indexOf("\"block\""), block.lastIndexOf('}'));
    return body.writeUtf8("\"z\":1},").writeUtf8(blockObject).writeUtf8("}");
  }

  @Test
  void sixtyMegabytesOfDistinctFieldNamesParseInA48MegabyteHeap() throws Exception {
    Buffer body = blockAfterManyDistinctNames();
    assertThat(body.size()).isGreaterThan(50_000_000);
    assertFetchedInSmallHeap(body);
  }

  /** Serves {@code body} as /block and reads it in a child JVM with a 48 MB heap. */
  private void assertFetchedInSmallHeap(Buffer body) throws Exception {
    server.enqueue(new MockResponse.Builder().body(body).build());

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "-cp",
                System.getProperty("java.class.path"),
                FetchOneBlock.class.getName(),
                server.url("/").toString())
            .redirectErrorStream(true)
            .start();
    boolean exited = child.waitFor(120, TimeUnit.SECONDS);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      child.destroyForcibly();
    }

    assertThat(exited).isTrue();
    assertThat(output).contains("height 1001, 3 signatures").doesNotContain("OutOfMemoryError");
    assertThat(child.exitValue()).isZero();
  }

  @Test
  void aCommitWithMoreSignaturesThanCometBftAllowsIsRefused() {
    StringBuilder sigs = new StringBuilder();
    for (int i = 0; i <= CometResultParser.MAX_ENTRIES; i++) {
      sigs.append("{\"block_id_flag\":1,\"validator_address\":\"\",\"timestamp\":\"0001-01-01T00:00:00Z\"},");
    }
    String block = Fixtures.read("block-1001.json");
    String withManySignatures = block.replaceFirst("\"signatures\"\\s*:\\s*\\[", "\"signatures\": [" + sigs);
    server.enqueue(new MockResponse.Builder().body(withManySignatures).build());
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), new OkHttpClient());

    assertThatThrownBy(() -> client.block(1001))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("field result.block.last_commit.signatures: more than 10000 entries");
  }

  @Test
  void nestingDeeperThanAnyAnswerIsRefused() {
    String deep = "[".repeat(100_000);
    server.enqueue(
        new MockResponse.Builder().body("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"x\":" + deep).build());
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), new OkHttpClient());

    assertThatThrownBy(() -> client.block(1001))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("parsing limit");
  }

  /** Fetches block 1001 from the URL given and prints what it read. */
  public static final class FetchOneBlock {
    public static void main(String[] args) throws IOException {
      OkHttpClient http = new OkHttpClient();
      try {
        Block block = new CometRpcClient(RpcEndpoint.parse(args[0]), http).block(1001);
        System.out.println("height " + block.height() + ", " + block.lastCommit().signatures().size() + " signatures");
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }
}
