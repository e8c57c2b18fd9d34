package io.valwatch.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.valwatch.rpc.Block;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.SigningTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (b) CPU and bytes allocated per height: the watcher's own path ({@code /block} through the RPC client, commit
 * attribution against the validator set read through the same client, the signing tracker) against a floor, a
 * Jackson streaming read of just the fields a height needs from the same bytes. The bodies come from an OkHttp
 * interceptor, so no socket is involved in either.
 *
 * <p>It lives in {@code io.valwatch.internal} to call the attribution the chain runner uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class HeightBenchmark {
  private static final String CHAIN = "benchhub-1";
  private static final long HEIGHT = 1_000_000;

  @Param({"50", "150"})
  public int signatures;

  private byte[] body;
  private List<ConsensusValidator> validators;
  private CometRpcClient client;
  private OkHttpClient http;
  private SigningTracker tracker;
  private long next;
  private final JsonFactory json = new JsonFactory();

  /**
   * Serves {@code /validators} pages and, for anything else, the block. The set is read through the client, as
   * the block source reads it, once per trial.
   */
  @Setup(Level.Trial)
  public void setUp() throws RpcException {
    body = blockJson(signatures).getBytes(StandardCharsets.UTF_8);
    http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  HttpUrl url = chain.request().url();
                  byte[] answer =
                      url.encodedPath().endsWith("/validators")
                          ? validatorsJson(signatures, Integer.parseInt(url.queryParameter("page")))
                              .getBytes(StandardCharsets.UTF_8)
                          : body;
                  return new Response.Builder()
                      .request(chain.request())
                      .protocol(Protocol.HTTP_1_1)
                      .code(200)
                      .message("OK")
                      .body(ResponseBody.create(answer, MediaType.get("application/json")))
                      .build();
                })
            .build();
    client = new CometRpcClient(RpcEndpoint.parse("http://127.0.0.1:26657"), http);
    validators = client.validators(HEIGHT).validators();
    tracker = new SigningTracker(10_000, 0.9);
    next = 1;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    http.dispatcher().executorService().shutdown();
  }

  /** What the watcher does per height: read the block, attribute its commit, record the votes. */
  @Benchmark
  public List<SigningTracker.Miss> watcher() throws RpcException, InconsistentChainDataException {
    Block block = client.block(HEIGHT);
    HeightVotes votes =
        CommitAttribution.attribute(
            CHAIN, block.header(), new ValidatorSet(HEIGHT, validators), block.lastCommit());
    long height = next++;
    return tracker.record(
        new HeightVotes(height, votes.time(), votes.proposerAddress(), votes.votes(), votes.doubleSigners(), null));
  }

  /** The floor: a streaming read of the height, the proposer and each signature's flag and address. */
  @Benchmark
  public long streamingFloor() throws IOException {
    try (JsonParser p = json.createParser(body)) {
      return readNeeded(p);
    }
  }

  /** Reads the fields a height needs, skipping every other value; returns a checksum of what it read. */
  private static long readNeeded(JsonParser p) throws IOException {
    long sum = 0;
    String field = null;
    while (p.nextToken() != null) {
      JsonToken t = p.currentToken();
      if (t == JsonToken.FIELD_NAME) {
        field = p.currentName();
        if (field.equals("data") || field.equals("evidence") || field.equals("block_id")
            || field.equals("last_block_id") || field.equals("signature") || field.equals("timestamp")) {
          p.nextToken();
          p.skipChildren();
        }
      } else if (t == JsonToken.VALUE_STRING) {
        if ("height".equals(field) || "proposer_address".equals(field) || "validator_address".equals(field)
            || "validators_hash".equals(field) || "chain_id".equals(field) || "time".equals(field)) {
          sum += p.getText().length();
        }
      } else if (t == JsonToken.VALUE_NUMBER_INT) {
        sum += p.getIntValue();
      }
    }
    return sum;
  }

  private static String address(int i) {
    return String.format(Locale.ROOT, "%040X", 0x1000L + i);
  }

  /** Page {@code page} (of 100 validators, as CometBFT pages them) of a {@code /validators} answer for a set of {@code n}. */
  static String validatorsJson(int n, int page) {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    StringBuilder s = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"block_height\":\"")
        .append(HEIGHT).append("\",\"validators\":[");
    int from = (page - 1) * 100;
    int to = Math.min(n, from + 100);
    for (int i = from; i < to; i++) {
      s.append(i > from ? "," : "").append("{\"address\":\"").append(address(i))
          .append("\",\"pub_key\":{\"type\":\"tendermint/PubKeyEd25519\",\"value\":\"").append(key)
          .append("\"},\"voting_power\":\"").append(1_000_000L - i).append("\",\"proposer_priority\":\"0\"}");
    }
    return s.append("],\"count\":\"").append(to - from).append("\",\"total\":\"").append(n).append("\"}}").toString();
  }

  /** A CometBFT 0.38 {@code /block} answer whose commit has {@code n} signatures: every 10th nil, every 7th absent. */
  static String blockJson(int n) {
    String hash = "9E1A3C0B7F5D4E2A1B6C8D0E3F5A7B9C1D2E4F6A8B0C2D4E6F8A0B2C4D6E8F0A";
    String sig = Base64.getEncoder().encodeToString(new byte[64]);
    StringBuilder s = new StringBuilder(256 * n + 4096);
    s.append("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"block_id\":{\"hash\":\"").append(hash)
        .append("\",\"parts\":{\"total\":1,\"hash\":\"").append(hash).append("\"}},\"block\":{\"header\":{")
        .append("\"version\":{\"block\":\"11\",\"app\":\"0\"},\"chain_id\":\"").append(CHAIN)
        .append("\",\"height\":\"").append(HEIGHT).append("\",\"time\":\"2024-08-29T23:44:33.000000001Z\",")
        .append("\"last_block_id\":{\"hash\":\"").append(hash).append("\",\"parts\":{\"total\":1,\"hash\":\"")
        .append(hash).append("\"}},\"last_commit_hash\":\"").append(hash).append("\",\"data_hash\":\"").append(hash)
        .append("\",\"validators_hash\":\"").append(hash).append("\",\"next_validators_hash\":\"").append(hash)
        .append("\",\"consensus_hash\":\"").append(hash).append("\",\"app_hash\":\"").append(hash)
        .append("\",\"last_results_hash\":\"").append(hash).append("\",\"evidence_hash\":\"\",\"proposer_address\":\"")
        .append(address(3)).append("\"},\"data\":{\"txs\":[\"").append(sig).append("\",\"").append(sig)
        .append("\"]},\"evidence\":{\"evidence\":[]},\"last_commit\":{\"height\":\"").append(HEIGHT)
        .append("\",\"round\":0,\"block_id\":{\"hash\":\"").append(hash).append("\",\"parts\":{\"total\":1,\"hash\":\"")
        .append(hash).append("\"}},\"signatures\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append(',');
      }
      if (i % 7 == 6) {
        s.append("{\"block_id_flag\":1,\"validator_address\":\"\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"signature\":null}");
      } else {
        s.append("{\"block_id_flag\":").append(i % 10 == 9 ? 3 : 2).append(",\"validator_address\":\"").append(address(i))
            .append("\",\"timestamp\":\"2024-08-29T23:44:32.5").append(String.format(Locale.ROOT, "%08d", i))
            .append("Z\",\"signature\":\"").append(sig).append("\"}");
      }
    }
    return s.append("]}}}}").toString();
  }
}
