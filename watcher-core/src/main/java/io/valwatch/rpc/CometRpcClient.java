package io.valwatch.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for one CometBFT (0.37, 0.38, 1.x) RPC endpoint, using URI GET requests and the {@code
 * /websocket} subscription. Thread-safe: create one per endpoint and share it.
 *
 * <p>Every failure is an {@link RpcException} whose message names the (redacted) endpoint, the method
 * and the height. Each HTTP request is counted once under its {@link RequestOutcome}.
 */
public final class CometRpcClient {
  /** The default limit on a response body: 64 MiB, far above the largest block of a busy chain. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

  /** CometBFT clamps {@code per_page} to 100. */
  private static final int VALIDATORS_PER_PAGE = 100;

  private static final Logger logger = LoggerFactory.getLogger(CometRpcClient.class);

  private final RpcEndpoint endpoint;
  private final OkHttpClient http;
  private final long maxBodyBytes;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<RequestOutcome, LongAdder> requestCounts = new EnumMap<>(RequestOutcome.class);
  private final Set<String> loggedUnknownKeyTypes = ConcurrentHashMap.newKeySet();

  /** A client with the {@linkplain #DEFAULT_MAX_BODY_BYTES default body limit}. */
  public CometRpcClient(RpcEndpoint endpoint, OkHttpClient http) {
    this(endpoint, http, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * A client that rejects response bodies larger than {@code maxBodyBytes} with a {@link
   * MalformedResponseException}.
   */
  public CometRpcClient(RpcEndpoint endpoint, OkHttpClient http, long maxBodyBytes) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.http = Objects.requireNonNull(http, "http");
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    for (RequestOutcome outcome : RequestOutcome.values()) {
      requestCounts.put(outcome, new LongAdder());
    }
  }

  /** The endpoint this client talks to. */
  public RpcEndpoint endpoint() {
    return endpoint;
  }

  /** {@code /status}: the node's chain, version and sync state. */
  public NodeStatus status() throws RpcException {
    return get("status", 0, endpoint.resolve("status"), CometJson::status);
  }

  /** {@code /block?height=H}. */
  public Block block(long height) throws RpcException {
    requirePositive(height);
    HttpUrl url = withHeight(endpoint.resolve("block").newBuilder(), height).build();
    return get("block", height, url, CometJson::blockResult);
  }

  /** {@code /block} without a height: the node's newest block. */
  public Block latestBlock() throws RpcException {
    return get("block", 0, endpoint.resolve("block"), CometJson::blockResult);
  }

  /**
   * {@code /commit?height=H}: the precommits for block {@code H}. For the node's newest height this is the
   * node's seen commit, which may differ from the canonical one later stored in block {@code H + 1}.
   */
  public Commit commit(long height) throws RpcException {
    requirePositive(height);
    HttpUrl url = withHeight(endpoint.resolve("commit").newBuilder(), height).build();
    return get(
        "commit",
        height,
        url,
        result -> {
          JsonNode signedHeader = JsonFields.object(result, "signed_header", "result.signed_header");
          return CometJson.commit(
              JsonFields.object(signedHeader, "commit", "result.signed_header.commit"),
              "result.signed_header.commit");
        });
  }

  /**
   * {@code /validators} at height {@code H}, every page joined in set order. All pages are requested with
   * the height pinned; pages that disagree on the height or the set size fail with a {@link
   * MalformedResponseException}.
   */
  public ValidatorSet validators(long height) throws RpcException {
    requirePositive(height);
    List<ConsensusValidator> validators = new ArrayList<>();
    long total = -1;
    for (int page = 1; total < 0 || validators.size() < total; page++) {
      HttpUrl url =
          withHeight(endpoint.resolve("validators").newBuilder(), height)
              .addQueryParameter("page", Integer.toString(page))
              .addQueryParameter("per_page", Integer.toString(VALIDATORS_PER_PAGE))
              .build();
      long expectedTotal = total;
      int collected = validators.size();
      int pageNumber = page;
      CometJson.ValidatorsPage result =
          get(
              "validators",
              height,
              url,
              json -> checkedPage(json, height, pageNumber, expectedTotal, collected));
      total = result.total();
      validators.addAll(result.validators());
    }
    return new ValidatorSet(height, validators);
  }

  private CometJson.ValidatorsPage checkedPage(
      JsonNode json, long height, int page, long expectedTotal, int collected) {
    CometJson.ValidatorsPage result = CometJson.validatorsPage(json, this::logUnknownKeyType);
    String where = "page " + page + ": ";
    if (result.blockHeight() != height) {
      throw new MalformedJson(
          where + "block_height " + result.blockHeight() + " differs from the requested " + height);
    }
    if (expectedTotal >= 0 && result.total() != expectedTotal) {
      throw new MalformedJson(
          where + "total " + result.total() + " differs from the first page's " + expectedTotal);
    }
    if (result.count() != result.validators().size()) {
      throw new MalformedJson(
          where + "count " + result.count() + " but " + result.validators().size() + " validators");
    }
    long joined = collected + result.validators().size();
    if ((result.validators().isEmpty() && collected < result.total()) || joined > result.total()) {
      throw new MalformedJson(
          where + "total " + result.total() + " does not match the " + joined + " validators returned");
    }
    return result;
  }

  /**
   * {@code /abci_query}: runs an ABCI query, such as a gRPC method path ({@code
   * /cosmos.slashing.v1beta1.Query/Params}) with the protobuf request as {@code data}. The application's
   * answer, error codes included, is returned, not thrown: check {@link AbciQueryResult#isOk()}.
   *
   * @param height the height to query at; 0 for the latest
   */
  public AbciQueryResult abciQuery(String path, byte[] data, long height) throws RpcException {
    Objects.requireNonNull(path, "path");
    if (height < 0) {
      throw new IllegalArgumentException("height must not be negative, got " + height);
    }
    HttpUrl.Builder url =
        endpoint.resolve("abci_query").newBuilder().addQueryParameter("path", '"' + path + '"');
    if (data != null && data.length > 0) {
      url.addQueryParameter("data", "0x" + HexFormat.of().formatHex(data));
    }
    if (height > 0) {
      withHeight(url, height);
    }
    return get("abci_query", height, url.build(), CometJson::abciQuery);
  }

  /**
   * Subscribes to {@code tm.event='NewBlock'} over the endpoint's websocket. Blocks arrive on {@code
   * listener} in the order the node sends them; the listener's {@code onClosed} is called exactly once.
   */
  public BlockSubscription subscribeNewBlocks(BlockSubscription.Listener listener) {
    Objects.requireNonNull(listener, "listener");
    NewBlockSubscription subscription = new NewBlockSubscription(endpoint, mapper, listener);
    subscription.start(http, authorized(new Request.Builder().url(endpoint.webSocketUrl())).build());
    return subscription;
  }

  /** How many requests ended with {@code outcome} since this client was created. */
  public long requestCount(RequestOutcome outcome) {
    return requestCounts.get(outcome).sum();
  }

  private static void requirePositive(long height) {
    if (height <= 0) {
      throw new IllegalArgumentException("height must be positive, got " + height);
    }
  }

  private static HttpUrl.Builder withHeight(HttpUrl.Builder url, long height) {
    return url.addQueryParameter("height", Long.toString(height));
  }

  private Request.Builder authorized(Request.Builder request) {
    HttpUrl url = endpoint.url();
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      request.header("Authorization", Credentials.basic(url.username(), url.password()));
    }
    return request;
  }

  private void logUnknownKeyType(String type) {
    if (loggedUnknownKeyTypes.add(type)) {
      logger.warn(
          "{} reports a validator key of type {}, which valwatch does not know; "
              + "such validators are tracked without a public key",
          endpoint,
          type);
    }
  }

  private <T> T get(String method, long height, HttpUrl url, Function<JsonNode, T> parser)
      throws RpcException {
    RequestOutcome outcome = RequestOutcome.MALFORMED;
    try {
      T result = parser.apply(call(method, height, url));
      outcome = RequestOutcome.SUCCESS;
      return result;
    } catch (MalformedJson e) {
      outcome = RequestOutcome.MALFORMED;
      throw new MalformedResponseException(endpoint, method, height, e.getMessage());
    } catch (RpcNetworkException e) {
      outcome = RequestOutcome.NETWORK_ERROR;
      throw e;
    } catch (RpcErrorException e) {
      outcome = RequestOutcome.RPC_ERROR;
      throw e;
    } catch (RpcHttpException e) {
      outcome = RequestOutcome.HTTP_ERROR;
      throw e;
    } finally {
      requestCounts.get(outcome).increment();
    }
  }

  /** Sends one request and returns the JSON-RPC {@code result}. */
  private JsonNode call(String method, long height, HttpUrl url) throws RpcException {
    Request request = authorized(new Request.Builder().url(url).get()).build();
    try (Response response = http.newCall(request).execute()) {
      byte[] body = readBounded(response.body());
      JsonNode root = parseJson(body);
      if (root != null && root.isObject() && root.hasNonNull("error")) {
        throw RpcErrorException.fromJson(endpoint, method, height, root.get("error"));
      }
      if (!response.isSuccessful()) {
        throw new RpcHttpException(endpoint, method, height, response.code(), response.message());
      }
      if (body == null) {
        throw new MalformedResponseException(
            endpoint, method, height, "response body is larger than " + maxBodyBytes + " bytes");
      }
      if (root == null || !root.isObject()) {
        throw new MalformedResponseException(
            endpoint, method, height, "response is not a JSON-RPC object: " + preview(body));
      }
      return JsonFields.object(root, "result", "result");
    } catch (RpcException e) {
      throw e;
    } catch (IOException e) {
      throw new RpcNetworkException(endpoint, method, height, endpoint.scrub(e.toString()), e);
    }
  }

  /** The body's bytes, or {@code null} when it is larger than the limit. Never buffers past the limit. */
  private byte[] readBounded(ResponseBody body) throws IOException {
    if (body.contentLength() > maxBodyBytes) {
      return null;
    }
    BufferedSource source = body.source();
    if (source.request(maxBodyBytes + 1)) {
      return null;
    }
    return source.getBuffer().readByteArray();
  }

  private JsonNode parseJson(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String preview(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8);
    return body.length == 0 ? "empty body" : '"' + text.strip() + (body.length > 80 ? "...\"" : "\"");
  }
}
