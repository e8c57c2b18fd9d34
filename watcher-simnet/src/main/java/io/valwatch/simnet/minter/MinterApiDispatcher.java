package io.valwatch.simnet.minter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.simnet.minter.MinterBlock.CommitEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Routes {@code GET /v2/…} the way Minter's grpc-gateway does: protojson with proto field names and
 * unpopulated fields emitted (64-bit integers quoted, unset wrappers {@code null}), and errors as {@code
 * {"error":{"code":"404","message":"…","data":{}}}} with the matching HTTP status.
 */
final class MinterApiDispatcher extends Dispatcher {
  private static final Set<String> BLOCK_FIELDS =
      Set.of("transactions", "missed", "block_reward", "size", "proposer", "validators", "evidence", "events");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String BLOCK_REWARD_PIP = "41340000000000000000";

  private final ObjectMapper mapper = new ObjectMapper();
  private final MockWebServer server;
  private final MinterChain chain;
  private final String nodeKey;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  MinterApiDispatcher(MockWebServer server, MinterChain chain) {
    this.server = server;
    this.chain = chain;
    this.nodeKey = "Mp" + HexFormat.of().formatHex(Candidate.sha256("minter-simnet node " + chain.network()));
  }

  long count(String route) {
    AtomicLong count = counts.get(route);
    return count == null ? 0 : count.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    // MockWebServer records every request for takeRequest(); drop them so a long run stays bounded.
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // discard
    }
    HttpUrl url = request.getUrl();
    List<String> segments = url.pathSegments();
    String route = segments.size() >= 2 && segments.get(0).equals("v2") ? segments.get(1) : "";
    counts.computeIfAbsent(route, r -> new AtomicLong()).incrementAndGet();
    try {
      boolean post = "POST".equals(request.getMethod()) && route.equals("send_transaction");
      if (!"GET".equals(request.getMethod()) && !post) {
        throw new ApiError(405, "Method Not Allowed");
      }
      String argument = segments.size() > 2 ? segments.get(2) : "";
      if (post) {
        argument = postedTransaction(request);
      }
      ObjectNode body = switch (route) {
        case "status" -> status();
        case "block" -> block(parseUint("height", argument), url);
        case "validators" -> validators(url);
        case "candidate" -> candidate(argument, url);
        case "candidates" -> candidates(url);
        case "missed_blocks" -> missedBlocks(argument, url);
        case "address" -> address(argument);
        case "estimate_tx_commission" -> estimateTxCommission(argument);
        case "send_transaction" -> sendTransaction(argument);
        default -> throw new ApiError(404, "Not Found");
      };
      return json(200, body);
    } catch (ApiError e) {
      ObjectNode error = mapper.createObjectNode();
      ObjectNode fields = error.putObject("error")
          .put("code", e.code)
          .put("message", e.getMessage());
      ObjectNode data = fields.putObject("data");
      e.data.forEach(data::put);
      return json(e.status, error);
    }
  }

  private String postedTransaction(RecordedRequest request) {
    try {
      okio.ByteString body = request.getBody();
      String tx = body == null ? null : mapper.readTree(body.utf8()).path("tx").asText(null);
      return tx == null ? "" : tx;
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "invalid character in the request body");
    }
  }

  /** The bytes of a transaction as the API takes it, {@code 0x} and hex; refused as the node refuses. */
  private static byte[] transactionBytes(String tx) {
    if (!tx.startsWith("0x")) {
      throw new ApiError(400, "invalid transaction");
    }
    try {
      return HexFormat.of().parseHex(tx.substring(2));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "encoding/hex: invalid byte");
    }
  }

  private ObjectNode sendTransaction(String tx) {
    MinterChain.Submission result = chain.submit(transactionBytes(tx));
    MinterChain.Rejection rejection = result.rejection();
    if (rejection != null) {
      String code = rejection.code() == 0 ? Integer.toString(rejection.httpStatus()) : Integer.toString(rejection.code());
      throw new ApiError(rejection.httpStatus(), code, rejection.log(), rejection.data());
    }
    return mapper.createObjectNode().put("code", "0").put("log", "").put("hash", result.hash());
  }

  private ObjectNode estimateTxCommission(String tx) {
    SimTransaction decoded;
    try {
      decoded = SimTransaction.decode(transactionBytes(tx));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ApiError(400, "Cannot decode transaction: " + e.getMessage());
    }
    if (decoded.gasCoin() != 0) {
      throw new ApiError(400, "102", "Coin " + decoded.gasCoin() + " not exists",
          Map.of("coin_id", Long.toString(decoded.gasCoin())));
    }
    return mapper.createObjectNode().put("commission", chain.fee(decoded).toString());
  }

  private ObjectNode address(String address) {
    if (!address.regionMatches(true, 0, "Mx", 0, 2) || address.length() != 42
        || !address.substring(2).chars().allMatch(HexFormat::isHexDigit)) {
      throw new ApiError(400, "invalid address");
    }
    MinterChain.AccountState account = chain.accountState(address);
    ObjectNode a = mapper.createObjectNode();
    ArrayNode balance = a.putArray("balance");
    if (account.balancePip().signum() > 0) {
      ObjectNode b = balance.addObject();
      b.putObject("coin").put("id", "0").put("symbol", "BIP");
      b.put("value", account.balancePip().toString()).put("bip_value", account.balancePip().toString());
    }
    a.putArray("delegated");
    a.putArray("total");
    a.put("transaction_count", Long.toString(account.transactionCount()));
    a.put("bip_value", account.balancePip().toString());
    a.put("locked_stake_until_block", "0");
    a.putNull("multisig");
    return a;
  }

  private ObjectNode status() {
    long latest = chain.latestHeight();
    ObjectNode s = mapper.createObjectNode();
    s.put("latest_block_hash", blockHash(latest).toUpperCase(Locale.ROOT));
    s.put("latest_app_hash", HexFormat.of().withUpperCase().formatHex(Candidate.sha256("app " + latest)));
    s.put("latest_block_height", Long.toString(latest));
    s.put("latest_block_time", rfc3339Nano(chain.blockTime(latest)));
    s.put("keep_last_states", Integer.toString(chain.keepLastStates()));
    s.put("catching_up", false);
    s.put("public_key", nodeKey);
    // A node started with --testnet appends "-testnet" to its version; its transactions carry chain id 2.
    s.put("version", chain.chainId() == 2 ? "3.3.0-simnet-testnet" : "3.3.0-simnet");
    s.put("node_id", HexFormat.of().formatHex(Candidate.sha256(nodeKey), 0, 20));
    s.put("total_slashed", "0");
    s.put("network", chain.network());
    s.put("initial_height", "1");
    s.put("moniker", "minter-simnet");
    s.put("current_emission", "0");
    return s;
  }

  private ObjectNode block(long height, HttpUrl url) {
    List<String> requested = url.queryParameterValues("fields");
    for (String field : requested) {
      if (!BLOCK_FIELDS.contains(field)) {
        throw new ApiError(400, "type mismatch, parameter: fields, error: " + field + " is not valid");
      }
    }
    MinterBlock block = chain.block(height).orElseThrow(() -> new ApiError(404, "Block not found"));
    boolean all = requested.isEmpty();
    ObjectNode b = mapper.createObjectNode();
    b.put("hash", blockHash(height));
    b.put("height", Long.toString(height));
    b.put("time", rfc3339Nano(block.time()));
    b.put("transaction_count", "0");
    b.putArray("transactions");
    b.put("size", all || requested.contains("size") ? "512" : "0");
    b.put("proposer", all || requested.contains("proposer") ? block.proposer().publicKey : "");
    ArrayNode validators = b.putArray("validators");
    if (all || requested.contains("validators")) {
      for (CommitEntry entry : block.lastCommit()) {
        validators.addObject().put("public_key", entry.candidate().publicKey).put("signed", entry.signed());
      }
    }
    if (all || requested.contains("evidence")) {
      b.putObject("evidence").putArray("evidence");
    } else {
      b.putNull("evidence");
    }
    b.putArray("missed");
    b.putArray("events");
    if (all || requested.contains("block_reward")) {
      b.put("block_reward", BLOCK_REWARD_PIP);
      b.put("locked_stake_rewards", "0");
    } else {
      b.putNull("block_reward");
      b.putNull("locked_stake_rewards");
    }
    return b;
  }

  private ObjectNode validators(HttpUrl url) {
    long height = height(url);
    List<Candidate> set = chain.validatorSet(height).orElseThrow(() -> unavailable(height));
    ObjectNode v = mapper.createObjectNode();
    ArrayNode list = v.putArray("validators");
    for (Candidate c : set) {
      list.addObject().put("public_key", c.publicKey).put("voting_power", Long.toString(c.votingPower()));
    }
    return v;
  }

  private ObjectNode candidate(String publicKey, HttpUrl url) {
    checkPublicKey(publicKey);
    return candidateJson(find(publicKey, state(url)).orElseThrow(() -> new ApiError(404, "Candidate not found")),
        !"true".equals(url.queryParameter("not_show_stakes")));
  }

  private ObjectNode candidates(HttpUrl url) {
    String status = url.queryParameter("status");
    List<CandidateState> states = state(url);
    boolean stakes =
        "true".equals(url.queryParameter("include_stakes")) && !"true".equals(url.queryParameter("not_show_stakes"));
    ObjectNode c = mapper.createObjectNode();
    ArrayNode list = c.putArray("candidates");
    for (CandidateState s : states) {
      if (statusMatches(status, s)) {
        list.add(candidateJson(s, stakes));
      }
    }
    c.putArray("deleted");
    return c;
  }

  private static boolean statusMatches(String status, CandidateState s) {
    return switch (status == null ? "all" : status) {
      case "all", "0" -> true;
      case "off", "1" -> s.status() == 1;
      case "on", "2" -> s.status() == 2;
      case "validator", "3" -> s.validator();
      case "deleted", "4" -> false;
      default -> throw new ApiError(400, "type mismatch, parameter: status, error: " + status + " is not valid");
    };
  }

  private ObjectNode missedBlocks(String publicKey, HttpUrl url) {
    checkPublicKey(publicKey);
    CandidateState s = find(publicKey, state(url))
        .filter(CandidateState::validator)
        .orElseThrow(() -> new ApiError(404, "Validator not found"));
    ObjectNode m = mapper.createObjectNode();
    m.put("missed_blocks", s.missedBlocks());
    m.put("missed_blocks_count", Integer.toString(s.absentCount()));
    return m;
  }

  private ObjectNode candidateJson(CandidateState s, boolean withStakes) {
    Candidate c = s.candidate();
    String stake = c.totalStakePip().toString();
    ObjectNode j = mapper.createObjectNode();
    j.put("reward_address", c.ownerAddress);
    j.put("total_stake", stake);
    j.put("public_key", c.publicKey);
    j.put("commission", Integer.toString(c.commission));
    ArrayNode stakes = j.putArray("stakes");
    if (withStakes) {
      ObjectNode own = stakes.addObject().put("owner", c.ownerAddress);
      own.putObject("coin").put("id", "0").put("symbol", "BIP");
      own.put("value", stake).put("bip_value", stake);
      j.put("used_slots", "1").put("uniq_users", "1").put("min_stake", stake);
    } else {
      j.putNull("used_slots").putNull("uniq_users").putNull("min_stake");
    }
    j.put("status", Integer.toString(s.status()));
    j.put("owner_address", c.ownerAddress);
    j.put("control_address", c.ownerAddress);
    j.put("validator", s.validator());
    j.put("jailed_until", Long.toString(s.jailedUntil()));
    j.put("id", Long.toString(c.id));
    return j;
  }

  private List<CandidateState> state(HttpUrl url) {
    long height = height(url);
    return chain.state(height).orElseThrow(() -> new ApiError(404, "state at height " + height + " is not kept"));
  }

  private static Optional<CandidateState> find(String publicKey, List<CandidateState> states) {
    return states.stream().filter(s -> s.candidate().publicKey.equalsIgnoreCase(publicKey)).findFirst();
  }

  private static void checkPublicKey(String publicKey) {
    boolean valid = publicKey.length() == 66
        && publicKey.startsWith("Mp")
        && publicKey.substring(2).chars().allMatch(HexFormat::isHexDigit);
    if (!valid) {
      throw new ApiError(400, "invalid public_key");
    }
  }

  /** The {@code height} parameter; absent or 0 means the latest. */
  private long height(HttpUrl url) {
    String raw = url.queryParameter("height");
    long height = raw == null ? 0 : parseUint("height", raw);
    return height == 0 ? chain.latestHeight() : height;
  }

  private ApiError unavailable(long height) {
    long latest = chain.latestHeight();
    return height > latest
        ? new ApiError(400, "height " + height + " must be less than or equal to the current blockchain height " + latest)
        : new ApiError(400, "height " + height + " is not available");
  }

  private static long parseUint(String parameter, String raw) {
    try {
      return Long.parseUnsignedLong(raw);
    } catch (NumberFormatException e) {
      throw new ApiError(400, "type mismatch, parameter: " + parameter + ", error: strconv.ParseUint: parsing \""
          + raw + "\": invalid syntax");
    }
  }

  private String blockHash(long height) {
    return HexFormat.of().formatHex(Candidate.sha256(chain.network() + " block " + height));
  }

  /** Go's RFC3339Nano: UTC, fraction without trailing zeros. */
  static String rfc3339Nano(Instant time) {
    String fraction = time.getNano() == 0 ? "" : ("." + String.format("%09d", time.getNano())).replaceAll("0+$", "");
    return SECONDS.format(time) + fraction + "Z";
  }

  private MockResponse json(int status, ObjectNode body) {
    try {
      byte[] bytes = mapper.writeValueAsBytes(body);
      // Closing after each answer: on a kept-alive connection MockWebServer's separate writes of head and
      // body meet Nagle's algorithm and delayed ACKs, which cost about 40 ms per request.
      return new MockResponse.Builder()
          .code(status)
          .addHeader("Content-Type", "application/json")
          .addHeader("Connection", "close")
          .body(new String(bytes, StandardCharsets.UTF_8))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  /** An error reply: its HTTP status, Minter's code (the HTTP status unless the node gives its own) and data. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final transient Map<String, String> data;

    ApiError(int status, String message) {
      this(status, Integer.toString(status), message, Map.of());
    }

    ApiError(int status, String code, String message, Map<String, String> data) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.data = data;
    }
  }
}
