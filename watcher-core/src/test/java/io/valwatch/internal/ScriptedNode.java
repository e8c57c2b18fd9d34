package io.valwatch.internal;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.WebSocketListener;

/**
 * One CometBFT RPC endpoint on a MockWebServer, answering {@code /status}, {@code /block} and
 * {@code /validators} as CometBFT 0.38 does from what the test scripts: the chain it is on, its height, one
 * fixed validator set, who is absent from which commit and whose double sign which block carries. An
 * {@link #override} answers every request instead.
 */
final class ScriptedNode extends Dispatcher {
  static final String CHAIN = "testhub-2";
  private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

  final String name;
  private final MockWebServer server;
  volatile String network = CHAIN;
  volatile long height = 100;
  volatile boolean catchingUp;
  /** Answers every request when set. */
  volatile MockResponse override;
  /** The validator set at every height, in set order. */
  volatile List<String> set = List.of();
  /** Height to the validators whose signature that height's commit lacks. */
  final Map<Long, Set<String>> absent = new ConcurrentHashMap<>();
  /** Height to the validators whose double sign the block at that height carries as evidence. */
  final Map<Long, Set<String>> evidence = new ConcurrentHashMap<>();
  /** Signatures left out at the end of every commit, so that it no longer lines up with its set. */
  volatile int commitShortBy;
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

  ScriptedNode(MockWebServer server, String name) {
    this.server = server;
    this.name = name;
    server.setDispatcher(this);
  }

  /** The consensus address (upper-case hex) of the n-th test validator's ed25519 key. */
  static String address(int n) {
    return key(n).addressHex();
  }

  private static ConsensusKey key(int n) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) n);
    return ConsensusKey.of(KeyType.ED25519, bytes);
  }

  /** Serves this status from now on, without an override. */
  ScriptedNode serves(String network, long height, boolean catchingUp) {
    this.network = network;
    this.height = height;
    this.catchingUp = catchingUp;
    this.override = null;
    return this;
  }

  CometRpcClient client(OkHttpClient http) {
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()).named(name), http);
  }

  /** Requests received, every path. */
  int asked() {
    return server.getRequestCount();
  }

  /** Requests received for one method, {@code "block"} say. */
  int asked(String method) {
    AtomicInteger n = asked.get(method);
    return n == null ? 0 : n.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String method = url.encodedPath().substring(1);
    asked.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    MockResponse fixed = override;
    if (fixed != null) {
      return fixed;
    }
    String h = url.queryParameter("height");
    return switch (method) {
      case "status" -> result(statusJson());
      case "block" -> result("{\"block\":" + blockJson(Long.parseLong(h)) + "}");
      case "validators" -> result(validatorsJson(Long.parseLong(h)));
      // Accepts a subscription and pushes nothing, as a node of a halted chain does.
      case "websocket" -> new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {}).build();
      default -> new MockResponse.Builder().code(404).build();
    };
  }

  private String statusJson() {
    return "{\"node_info\":{\"network\":\"" + network + "\",\"version\":\"0.38.17\",\"moniker\":\"" + name + "\"},"
        + "\"sync_info\":{\"latest_block_height\":\"" + height + "\",\"latest_block_time\":\"" + GENESIS.plusSeconds(5 * height)
        + "\",\"earliest_block_height\":\"1\",\"catching_up\":" + catchingUp + "}}";
  }

  private String blockJson(long h) {
    List<String> signatures = new ArrayList<>();
    Set<String> absentThen = absent.getOrDefault(h - 1, Set.of());
    for (String v : set) {
      signatures.add(
          absentThen.contains(v)
              ? "{\"block_id_flag\":1,\"validator_address\":\"\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"signature\":null}"
              : "{\"block_id_flag\":2,\"validator_address\":\"" + v + "\",\"timestamp\":\"" + GENESIS.plusSeconds(5 * h - 4)
                  + "\",\"signature\":\"c2ln\"}");
    }
    signatures = signatures.subList(0, Math.max(0, signatures.size() - commitShortBy));
    List<String> proofs = new ArrayList<>();
    for (String v : evidence.getOrDefault(h, Set.of())) {
      proofs.add("{\"type\":\"tendermint/DuplicateVoteEvidence\",\"value\":{\"vote_a\":{\"type\":2,\"height\":\"" + (h - 1)
          + "\",\"round\":0,\"validator_address\":\"" + v + "\",\"validator_index\":0},\"vote_b\":{\"type\":2,\"height\":\""
          + (h - 1) + "\",\"round\":0,\"validator_address\":\"" + v + "\",\"validator_index\":0},"
          + "\"total_voting_power\":\"30\",\"validator_power\":\"10\",\"timestamp\":\"" + GENESIS.plusSeconds(5 * h - 5) + "\"}}");
    }
    String hash = "AB".repeat(32);
    return "{\"header\":{\"chain_id\":\"" + network + "\",\"height\":\"" + h + "\",\"time\":\"" + GENESIS.plusSeconds(5 * h)
        + "\",\"proposer_address\":\"" + (set.isEmpty() ? "" : set.get(0)) + "\",\"validators_hash\":\"" + hash
        + "\",\"next_validators_hash\":\"" + hash + "\"},\"data\":{\"txs\":[]},\"evidence\":{\"evidence\":["
        + String.join(",", proofs) + "]},\"last_commit\":{\"height\":\"" + (h - 1) + "\",\"round\":0,\"block_id\":{},"
        + "\"signatures\":[" + String.join(",", signatures) + "]}}";
  }

  private String validatorsJson(long h) {
    List<String> members = new ArrayList<>();
    for (String v : set) {
      int n = indexOfKey(v);
      members.add("{\"address\":\"" + v + "\",\"pub_key\":{\"type\":\"tendermint/PubKeyEd25519\",\"value\":\""
          + key(n).base64() + "\"},\"voting_power\":\"10\",\"proposer_priority\":\"0\"}");
    }
    return "{\"block_height\":\"" + h + "\",\"validators\":[" + String.join(",", members) + "],\"count\":\"" + set.size()
        + "\",\"total\":\"" + set.size() + "\"}";
  }

  private static int indexOfKey(String address) {
    for (int n = 1; n < 128; n++) {
      if (address(n).equals(address)) {
        return n;
      }
    }
    throw new IllegalArgumentException("not a test validator: " + address);
  }

  private static MockResponse result(String result) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":" + result + "}")
        .build();
  }
}
