package io.valwatch.plugins.minter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.model.EndpointStatus;
import io.valwatch.plugins.minter.MinterApiException.Kind;
import io.valwatch.rpc.EndpointBackoff;
import io.valwatch.rpc.EndpointBackoff.Cause;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.rpc.RpcEndpoint;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One Minter API v2 base URL ({@code https://host/v2}): its requests, parsed into records, and its health:
 * whether its last request succeeded, the newest block it reports, whether it is on the right network, and
 * its back-off ({@link EndpointBackoff}: 429 and 503 are busy, Minter's own 5xx error answer is a refusal, a
 * 404 or another of Minter's 4xx error answers is an answer about the request and no failure). Requests may be sent, and health read, from any thread.
 */
final class MinterEndpoint {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** How messages name a signed transaction, which they never show. */
  static final String TRANSACTION = "<the transaction>";
  private static final long MAX_BODY_BYTES = 16L << 20;

  /** {@code /v2/status}. */
  record Status(long latestBlockHeight, Instant latestBlockTime, String network, boolean catchingUp) {}

  /** A validator of the previous height in {@code /v2/block/{height}} and whether it signed. */
  record Signer(ConsensusKey key, boolean signed) {}

  /** {@code /v2/block/{height}} with the fields valwatch asks for. */
  record Block(long height, Instant time, ConsensusKey proposer, List<Signer> previousSet) {}

  /** One entry of {@code /v2/candidates}. */
  record Candidate(
      String publicKey, ConsensusKey key, BigInteger totalStake, int commission, int status, boolean validator,
      long jailedUntil) {}

  /** {@code /v2/missed_blocks/{public_key}}. */
  record MissedBlocks(String bitmap, long count) {}

  /** {@code /v2/candidate/{public_key}}: who controls it and whether it is on. */
  record CandidateControl(String ownerAddress, String controlAddress, int status, boolean validator, long jailedUntil) {}

  /** A multisig address's signers, {@code multisig} of {@code /v2/address}. */
  record Multisig(long threshold, Map<String, Long> weights) {}

  /**
   * {@code /v2/address/{address}}: its nonce and balances.
   *
   * @param transactionCount the transactions it has sent: the next nonce it can use is one more
   * @param balances coin id to amount, in the coin's smallest unit
   * @param multisig its signers when it is a multisig address
   */
  record Account(long transactionCount, Map<Long, BigInteger> balances, Optional<Multisig> multisig) {}

  private final RpcEndpoint endpoint;
  private final OkHttpClient http;
  private final EndpointBackoff backoff;
  private final Map<RequestOutcome, Long> requests = new EnumMap<>(RequestOutcome.class);
  private boolean up;
  private boolean wrongNetwork;
  private Long height;
  private Status lastStatus;
  private boolean catchingUp;
  private String lastError;

  /** @param clock tells when a back-off after a failure ends */
  MinterEndpoint(RpcEndpoint endpoint, OkHttpClient http, Clock clock) {
    this.endpoint = endpoint;
    this.http = http;
    this.backoff = new EndpointBackoff(clock);
  }

  /** The base URL with credentials redacted. */
  String redacted() {
    return endpoint.redacted();
  }

  /**
   * {@code GET /status}; records the newest block the endpoint reports and whether it is still syncing. An
   * endpoint on another network than {@code expectedNetwork} ({@code null}: any) is kept out of every request
   * until a later status check finds it on the right one; its answer is thrown as {@link
   * Kind#WRONG_NETWORK}.
   */
  Status status(String expectedNetwork) throws MinterApiException {
    Status status = statusReply();
    boolean rightNetwork = expectedNetwork == null || expectedNetwork.equals(status.network());
    synchronized (this) {
      wrongNetwork = !rightNetwork;
      height = rightNetwork ? status.latestBlockHeight() : null;
      lastStatus = rightNetwork ? status : null;
      catchingUp = status.catchingUp();
      if (!rightNetwork) {
        lastError = "serves network '" + status.network() + "', expected '" + expectedNetwork + "'";
      }
    }
    if (!rightNetwork) {
      throw new MinterApiException(Kind.WRONG_NETWORK, 0, endpoint.redacted() + " GET status: " + lastError(), null);
    }
    return status;
  }

  private synchronized String lastError() {
    return lastError;
  }

  private Status statusReply() throws MinterApiException {
    return get(url("status"), "status", (json, r) -> new Status(
        r.uint64(json, "latest_block_height", "latest_block_height"),
        r.time(json, "latest_block_time", "latest_block_time"),
        r.text(json, "network", "network"),
        r.bool(json, "catching_up", "catching_up")));
  }

  /** {@code GET /block/{height}?fields=validators&fields=proposer}; the time always comes along. */
  Block block(long blockHeight) throws MinterApiException {
    HttpUrl url = url("block", Long.toString(blockHeight)).newBuilder()
        .addQueryParameter("fields", "validators")
        .addQueryParameter("fields", "proposer")
        .build();
    return get(url, "block/" + blockHeight, (json, r) -> {
      long answered = r.uint64(json, "height", "height");
      if (answered != blockHeight) {
        throw r.malformed("height", "is " + answered + ", asked for " + blockHeight, null);
      }
      JsonNode validators = r.array(json, "validators", "validators");
      List<Signer> signers = new ArrayList<>(validators.size());
      for (int i = 0; i < validators.size(); i++) {
        JsonNode v = validators.get(i);
        String path = "validators[" + i + "]";
        signers.add(new Signer(r.publicKey(v, "public_key", path + ".public_key"), r.bool(v, "signed", path + ".signed")));
      }
      return new Block(blockHeight, r.time(json, "time", "time"), r.publicKey(json, "proposer", "proposer"), signers);
    });
  }

  /**
   * Asks whether the node serves block {@code blockHeight}, asking for as little of it as it can: returns
   * when it does, throws a {@linkplain MinterApiException#notFound() 404} when it does not.
   */
  void checkBlock(long blockHeight) throws MinterApiException {
    HttpUrl url = url("block", Long.toString(blockHeight)).newBuilder()
        .addQueryParameter("fields", "size")
        .build();
    get(url, "block/" + blockHeight, (json, r) -> true);
  }

  /** {@code GET /validators?height=}: voting power by consensus key, for the Tendermint set at that height. */
  Map<ConsensusKey, Long> validators(long atHeight) throws MinterApiException {
    HttpUrl url = url("validators").newBuilder().addQueryParameter("height", Long.toString(atHeight)).build();
    return get(url, "validators?height=" + atHeight, (json, r) -> {
      JsonNode list = r.array(json, "validators", "validators");
      Map<ConsensusKey, Long> powers = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i++) {
        String path = "validators[" + i + "]";
        powers.put(r.publicKey(list.get(i), "public_key", path + ".public_key"),
            r.uint64(list.get(i), "voting_power", path + ".voting_power"));
      }
      return powers;
    });
  }

  /** {@code GET /candidates?height=&not_show_stakes=true}: every candidate, without the stake lists. */
  List<Candidate> candidates(long atHeight) throws MinterApiException {
    HttpUrl url = url("candidates").newBuilder()
        .addQueryParameter("height", Long.toString(atHeight))
        .addQueryParameter("not_show_stakes", "true")
        .build();
    return get(url, "candidates?height=" + atHeight, (json, r) -> {
      JsonNode list = r.array(json, "candidates", "candidates");
      List<Candidate> candidates = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        candidates.add(candidate(list.get(i), "candidates[" + i + "]", r));
      }
      return candidates;
    });
  }

  private static Candidate candidate(JsonNode c, String path, ReplyReader r) throws MinterApiException {
    long commission = r.uint64(c, "commission", path + ".commission");
    long status = r.uint64(c, "status", path + ".status");
    if (commission > 100) {
      throw r.malformed(path + ".commission", "is above 100", c.get("commission"));
    }
    if (status != 1 && status != 2) {
      throw r.malformed(path + ".status", "is neither 1 (offline) nor 2 (online)", c.get("status"));
    }
    return new Candidate(
        r.text(c, "public_key", path + ".public_key"),
        r.publicKey(c, "public_key", path + ".public_key"),
        r.integer(c, "total_stake", path + ".total_stake"),
        (int) commission,
        (int) status,
        r.bool(c, "validator", path + ".validator"),
        r.uint64(c, "jailed_until", path + ".jailed_until"));
  }

  /** {@code GET /missed_blocks/{public_key}?height=}; a 404 means the key is not a validator there. */
  MissedBlocks missedBlocks(String publicKey, long atHeight) throws MinterApiException {
    HttpUrl url = url("missed_blocks", publicKey).newBuilder()
        .addQueryParameter("height", Long.toString(atHeight))
        .build();
    return get(url, "missed_blocks/" + publicKey + "?height=" + atHeight, (json, r) -> new MissedBlocks(
        r.text(json, "missed_blocks", "missed_blocks"),
        r.uint64(json, "missed_blocks_count", "missed_blocks_count")));
  }

  /** {@code GET /status}'s {@code version}: a node started for the testnet ends it with {@code -testnet}. */
  String version() throws MinterApiException {
    return get(url("status"), "status", (json, r) -> r.text(json, "version", "version"));
  }

  /** {@code GET /candidate/{public_key}?not_show_stakes=true}; a 404 means there is no such candidate. */
  CandidateControl candidate(String publicKey) throws MinterApiException {
    HttpUrl url = url("candidate", publicKey).newBuilder().addQueryParameter("not_show_stakes", "true").build();
    return get(url, "candidate/" + publicKey, (json, r) -> new CandidateControl(
        r.text(json, "owner_address", "owner_address"),
        r.text(json, "control_address", "control_address"),
        (int) r.uint64(json, "status", "status"),
        r.bool(json, "validator", "validator"),
        r.uint64(json, "jailed_until", "jailed_until")));
  }

  /** {@code GET /address/{address}}. */
  Account address(String address) throws MinterApiException {
    return get(url("address", address), "address/" + address, (json, r) -> {
      Map<Long, BigInteger> balances = new LinkedHashMap<>();
      JsonNode list = r.array(json, "balance", "balance");
      for (int i = 0; i < list.size(); i++) {
        String path = "balance[" + i + "]";
        balances.put(r.uint64(r.object(list.get(i), "coin", path + ".coin"), "id", path + ".coin.id"),
            r.integer(list.get(i), "value", path + ".value"));
      }
      Optional<Multisig> multisig = Optional.empty();
      JsonNode m = json.get("multisig");
      if (m != null && m.isObject()) {
        JsonNode weights = r.array(m, "weights", "multisig.weights");
        JsonNode addresses = r.array(m, "addresses", "multisig.addresses");
        Map<String, Long> byAddress = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(weights.size(), addresses.size()); i++) {
          byAddress.put(addresses.get(i).asText().toLowerCase(Locale.ROOT).replaceFirst("^mx", "Mx"),
              r.uint64(weights, i, "multisig.weights[" + i + "]"));
        }
        multisig = Optional.of(new Multisig(r.uint64(m, "threshold", "multisig.threshold"), byAddress));
      }
      return new Account(r.uint64(json, "transaction_count", "transaction_count"), balances, multisig);
    });
  }

  /**
   * {@code GET /estimate_tx_commission/{tx}}: the fee in the transaction's gas coin at its gas price. The
   * transaction travels in the path; it is named "the transaction" in every message.
   */
  BigInteger estimateTxCommission(String tx) throws MinterApiException {
    return call(new Request.Builder().url(url("estimate_tx_commission", tx)).get().build(),
        "GET estimate_tx_commission/" + TRANSACTION, (json, r) -> r.integer(json, "commission", "commission"), tx);
  }

  /**
   * {@code POST /send_transaction} with {@code {"tx":"0x…"}}: the node's CheckTx accepted it into its mempool
   * and returned its hash; a refusal is an {@link MinterApiException} with Minter's code.
   */
  String sendTransaction(String tx) throws MinterApiException {
    String body = "{\"tx\":\"" + tx + "\"}";
    Request request = new Request.Builder().url(url("send_transaction"))
        .post(RequestBody.create(body, MediaType.get("application/json"))).build();
    return call(request, "POST send_transaction", (json, r) -> r.text(json, "hash", "hash"), tx);
  }

  /** Health and request counts, for {@link io.valwatch.spi.BlockSource#endpoints()}. */
  synchronized EndpointStatus health() {
    return EndpointStatus.builder()
        .endpoint(endpoint.redacted())
        .up(up && !wrongNetwork)
        .height(height)
        .catchingUp(catchingUp)
        .requests(requests)
        .lastError(lastError)
        .build();
  }

  /** Whether its last request succeeded and it is on the right network. */
  synchronized boolean up() {
    return up && !wrongNetwork;
  }

  /** Whether a status check found it on another network. */
  synchronized boolean onAnotherNetwork() {
    return wrongNetwork;
  }

  /** Whether it said it is still syncing. */
  synchronized boolean catchingUp() {
    return catchingUp;
  }

  /** Whether it failed lately and is left alone until its back-off has passed. */
  boolean backingOff() {
    return backoff.backingOff();
  }

  /**
   * The newest block it reports, on the right network and synced, unless refuted since; 0 when none. Only a
   * claim: nothing proves the block exists until an endpoint serves it.
   */
  synchronized long claimedHeight() {
    return height == null || wrongNetwork || catchingUp ? 0 : height;
  }

  /** Its last status on the right network, whose block is {@link #claimedHeight()}; empty when refuted since. */
  synchronized Optional<Status> claimedStatus() {
    return claimedHeight() == 0 ? Optional.empty() : Optional.of(lastStatus);
  }

  /**
   * Forgets its report of the newest block when it is {@code refuted} or more, and says why; returns whether
   * it had made such a report.
   */
  synchronized boolean refute(long refuted, String why) {
    if (height == null || height < refuted) {
      return false;
    }
    lastError = "reported block " + height + ", " + why;
    height = null;
    return true;
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = endpoint.url().newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /** Turns a 200 answer into a record. */
  private interface Parser<T> {
    T parse(JsonNode json, ReplyReader reader) throws MinterApiException;
  }

  private <T> T get(HttpUrl url, String route, Parser<T> parser) throws MinterApiException {
    return call(new Request.Builder().url(url).get().build(), "GET " + route, parser);
  }

  private <T> T call(Request request, String route, Parser<T> parser) throws MinterApiException {
    return call(request, route, parser, null);
  }

  /**
   * Sends a request and parses its answer. {@code secret}, when not null, is a signed transaction the request
   * carries: wherever an answer or an error echoes it (a proxy's error page quoting the path, say), it is
   * replaced by {@value #TRANSACTION} before any message, log line or health record can hold it.
   */
  private <T> T call(Request request, String route, Parser<T> parser, String secret) throws MinterApiException {
    String what = endpoint.redacted() + " " + route;
    ReplyReader reader = new ReplyReader(what);
    String body;
    int code;
    Duration retryAfter;
    try (Response response = http.newCall(request).execute()) {
      code = response.code();
      retryAfter = code == 200 ? null : EndpointBackoff.retryAfter(response).orElse(null);
      ResponseBody responseBody = response.body();
      if (responseBody.contentLength() > MAX_BODY_BYTES) {
        throw fail(RequestOutcome.MALFORMED, Cause.FAILED, null, new MinterApiException(
            Kind.MALFORMED, 0, what + ": answer of " + responseBody.contentLength() + " bytes is too large", null));
      }
      body = withoutSecret(responseBody.string(), secret);
    } catch (IOException e) {
      if (e instanceof MinterApiException tooLarge) {
        throw tooLarge;
      }
      throw fail(RequestOutcome.NETWORK_ERROR, Cause.FAILED, null,
          new MinterApiException(Kind.NETWORK, 0,
              what + ": " + e.getClass().getSimpleName() + ": " + withoutSecret(String.valueOf(e.getMessage()), secret),
              secret == null ? e : null));
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (code != 200) {
      JsonNode error = json == null ? null : json.get("error");
      boolean minterError = error != null && error.isObject() && error.hasNonNull("message");
      String detail = minterError
          ? error.path("message").asText() + " (code " + error.path("code").asText() + ")"
          : abbreviate(body);
      MinterApiException failure = new MinterApiException(Kind.ERROR_REPLY, code, what + ": HTTP " + code + ": " + detail,
          null, minterError ? error.path("code").asText() : "");
      RequestOutcome outcome = minterError ? RequestOutcome.RPC_ERROR : RequestOutcome.HTTP_ERROR;
      if (failure.notFound() || (minterError && code >= 400 && code < 500 && code != 429)) {
        // The node's answer about the request (the block is not there yet or any more, the transaction would be
        // refused): not a failure of the endpoint.
        count(outcome);
        throw failure;
      }
      Cause cause = EndpointBackoff.causeOf(code);
      if (cause == Cause.FAILED && minterError) {
        cause = Cause.REFUSED;
      }
      throw fail(outcome, cause, retryAfter, failure);
    }
    if (json == null || !json.isObject()) {
      throw fail(RequestOutcome.MALFORMED, Cause.FAILED, null,
          new MinterApiException(Kind.MALFORMED, 0, what + ": answer is not a JSON object: " + abbreviate(body), null));
    }
    try {
      T parsed = parser.parse(json, reader);
      succeeded();
      return parsed;
    } catch (MinterApiException e) {
      throw fail(RequestOutcome.MALFORMED, Cause.FAILED, null, e);
    }
  }

  /**
   * Counts a failed request, marks the endpoint down and backs it off: for {@code retryAfter} when the answer
   * asked for it ({@code null}: it did not), otherwise by {@code cause}.
   */
  private MinterApiException fail(RequestOutcome outcome, Cause cause, Duration retryAfter, MinterApiException e) {
    Duration wait = retryAfter == null ? backoff.failed(cause) : backoff.failed(cause, retryAfter);
    synchronized (this) {
      requests.merge(outcome, 1L, Long::sum);
      up = false;
      lastError = e.getMessage() + "; next request after " + wait.toMillis() + " ms";
    }
    return e;
  }

  private synchronized void count(RequestOutcome outcome) {
    requests.merge(outcome, 1L, Long::sum);
  }

  private void succeeded() {
    backoff.succeeded();
    synchronized (this) {
      requests.merge(RequestOutcome.SUCCESS, 1L, Long::sum);
      up = true;
    }
  }

  private static String withoutSecret(String text, String secret) {
    if (secret == null) {
      return text;
    }
    String hex = secret.startsWith("0x") ? secret.substring(2) : secret;
    return hex.isEmpty() ? text
        : Pattern.compile("(0x)?" + Pattern.quote(hex), Pattern.CASE_INSENSITIVE).matcher(text)
            .replaceAll(Matcher.quoteReplacement(TRANSACTION));
  }

  private static String abbreviate(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }
}
