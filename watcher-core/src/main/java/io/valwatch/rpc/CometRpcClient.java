package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
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

  private static final int PREVIEW_BYTES = 80;

  /**
   * Limits on what one response may hold beyond its byte size: nesting far deeper than any CometBFT answer,
   * and single strings or names no answer needs, so that no body can make the parser hold much.
   */
  static final StreamReadConstraints READ_LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(64)
          .maxNameLength(1_000)
          .maxStringLength(16 * 1024 * 1024)
          .build();

  private static final Logger logger = LoggerFactory.getLogger(CometRpcClient.class);

  private final RpcEndpoint endpoint;
  private final OkHttpClient http;
  private final long maxBodyBytes;
  private final WebSocketClient webSockets;
  /**
   * The response owns its body: the parser leaves it open, so that the beginning of a body that is not JSON can
   * still be read for the message after the parser gave up.
   */
  private final JsonFactory json =
      JsonFactory.builder().streamReadConstraints(READ_LIMITS).disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  private final Map<RequestOutcome, LongAdder> requestCounts = new EnumMap<>(RequestOutcome.class);
  private final Set<String> loggedUnknownKeyTypes = ConcurrentHashMap.newKeySet();
  /** {@code /block}'s URL, made once: it is asked for at every height. */
  private final HttpUrl blockUrl;
  private final RecentAddresses recentAddresses = new RecentAddresses();
  private final CometResultParser.Reader<Block> blockResult = p -> CometResultParser.blockResult(p, recentAddresses);
  private final CometResultParser.Reader<Commit> commitResult = p -> CometResultParser.commitResult(p, recentAddresses);

  /** A client with the {@linkplain #DEFAULT_MAX_BODY_BYTES default body limit}. */
  public CometRpcClient(RpcEndpoint endpoint, OkHttpClient http) {
    this(endpoint, http, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * A client that rejects response bodies larger than {@code maxBodyBytes} with a {@link
   * MalformedResponseException}, and subscribes through a {@link WebSocketClient} of its own.
   */
  public CometRpcClient(RpcEndpoint endpoint, OkHttpClient http, long maxBodyBytes) {
    this(endpoint, http, maxBodyBytes, null);
  }

  /**
   * A client that rejects response bodies (and websocket messages) larger than {@code maxBodyBytes} with a
   * {@link MalformedResponseException}, and subscribes through {@code webSockets}, which many clients may
   * share and which its creator closes.
   */
  public CometRpcClient(RpcEndpoint endpoint, OkHttpClient http, long maxBodyBytes, WebSocketClient webSockets) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    // A redirect to another host would send the endpoint's credentials, and the watcher's trust, elsewhere.
    this.http = Objects.requireNonNull(http, "http").newBuilder().followRedirects(false).followSslRedirects(false).build();
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.webSockets = webSockets != null ? webSockets : WebSocketClient.create(this.http);
    this.blockUrl = endpoint.resolve("block");
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
    NodeStatus s = get("status", 0, endpoint.resolve("status"), CometResultParser::status);
    return new NodeStatus(
        safe(s.network()),
        safe(s.version()),
        safe(s.moniker()),
        s.latestBlockHeight(),
        s.latestBlockTime(),
        s.earliestBlockHeight(),
        s.catchingUp());
  }

  /** {@code /block?height=H}. */
  public Block block(long height) throws RpcException {
    requirePositive(height);
    HttpUrl url = withHeight(blockUrl.newBuilder(), height).build();
    return get("block", height, url, blockResult);
  }

  /** {@code /block} without a height: the node's newest block. */
  public Block latestBlock() throws RpcException {
    return get("block", 0, blockUrl, blockResult);
  }

  /**
   * {@code /commit?height=H}: the precommits for block {@code H}. For the node's newest height this is the
   * node's seen commit, which may differ from the canonical one later stored in block {@code H + 1}.
   */
  public Commit commit(long height) throws RpcException {
    requirePositive(height);
    HttpUrl url = withHeight(endpoint.resolve("commit").newBuilder(), height).build();
    return get("commit", height, url, commitResult);
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
      CometResultParser.ValidatorsPage result =
          get(
              "validators",
              height,
              url,
              parser -> checkedPage(parser, height, pageNumber, expectedTotal, collected));
      total = result.total();
      validators.addAll(result.validators());
    }
    return new ValidatorSet(height, validators);
  }

  private CometResultParser.ValidatorsPage checkedPage(
      JsonParser json, long height, int page, long expectedTotal, int collected) throws IOException {
    CometResultParser.ValidatorsPage result = CometResultParser.validatorsPage(json, this::logUnknownKeyType, recentAddresses, collected);
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
    AbciQueryResult r = get("abci_query", height, url.build(), CometResultParser::abciQuery);
    return r.log().isEmpty() && r.codespace().isEmpty()
        ? r
        : new AbciQueryResult(r.code(), safe(r.log()), safe(r.codespace()), r.value(), r.height());
  }

  /**
   * Subscribes to {@code tm.event='NewBlock'} over the endpoint's websocket. Blocks arrive on {@code
   * listener} in the order the node sends them; the listener's {@code onClosed} is called exactly once.
   *
   * @throws IllegalStateException if this client's {@link WebSocketClient} is closed
   */
  public BlockSubscription subscribeNewBlocks(BlockSubscription.Listener listener) {
    Objects.requireNonNull(listener, "listener");
    NewBlockSubscription subscription = new NewBlockSubscription(endpoint, json, listener, maxBodyBytes);
    HttpUrl url = endpoint.url();
    Map<String, String> headers =
        url.username().isEmpty() && url.password().isEmpty()
            ? Map.of()
            : Map.of("Authorization", Credentials.basic(url.username(), url.password()));
    webSockets.open(subscription, headers);
    return subscription;
  }

  /** Text the node sent, made fit to be shown: scrubbed of this endpoint's secrets, printable and capped. */
  private String safe(String text) {
    return EmittedText.cap(EmittedText.printable(endpoint.scrub(text)));
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

  private <T> T get(String method, long height, HttpUrl url, CometResultParser.Reader<T> reader)
      throws RpcException {
    RequestOutcome outcome = RequestOutcome.MALFORMED;
    try {
      T result = call(method, height, url, reader);
      outcome = RequestOutcome.SUCCESS;
      return result;
    } catch (MalformedJson e) {
      outcome = RequestOutcome.MALFORMED;
      throw new MalformedResponseException(endpoint, method, height, e.getMessage());
    } catch (MalformedResponseException e) {
      outcome = RequestOutcome.MALFORMED;
      throw e;
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

  /**
   * Sends one request and reads the JSON-RPC envelope as it arrives: {@code result} with {@code reader},
   * {@code error} into an {@link RpcErrorException}. The body is never held whole, and never read past the
   * limit.
   */
  private <T> T call(String method, long height, HttpUrl url, CometResultParser.Reader<T> reader)
      throws RpcException {
    Request request = authorized(new Request.Builder().url(url).get()).build();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (body.contentLength() > maxBodyBytes) {
        throw tooLarge(method, height);
      }
      HeadKeepingStream head = new HeadKeepingStream(body.byteStream(), PREVIEW_BYTES + 1);
      try (JsonParser parser = json.createParser(new BoundedStream(head, maxBodyBytes))) {
        return envelope(parser, method, height, response, reader, head);
      } catch (BoundedStream.LimitExceeded e) {
        throw tooLarge(method, height);
      } catch (StreamConstraintsException e) {
        throw new MalformedResponseException(endpoint, method, height, "response exceeds a parsing limit: " + e.getOriginalMessage());
      } catch (JsonProcessingException e) {
        if (!response.isSuccessful()) {
          throw httpError(method, height, response);
        }
        throw notJson(method, height, head);
      }
    } catch (RpcException e) {
      throw e;
    } catch (IOException e) {
      throw new RpcNetworkException(endpoint, method, height, endpoint.scrub(e.toString()), e);
    }
  }

  private <T> T envelope(
      JsonParser parser,
      String method,
      long height,
      Response response,
      CometResultParser.Reader<T> reader,
      HeadKeepingStream head)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      if (!response.isSuccessful()) {
        throw httpError(method, height, response);
      }
      throw notJson(method, height, head);
    }
    T result = null;
    boolean seenResult = false;
    RpcErrorException error = null;
    for (String field; (field = JsonFields.nextField(parser)) != null; ) {
      if (field.equals("error") && parser.currentToken() != JsonToken.VALUE_NULL) {
        error = RpcErrorException.read(endpoint, method, height, parser);
      } else if (field.equals("result") && response.isSuccessful() && error == null) {
        result = reader.read(parser);
        seenResult = true;
      } else {
        parser.skipChildren();
      }
    }
    if (error != null) {
      throw error;
    }
    if (!response.isSuccessful()) {
      throw httpError(method, height, response);
    }
    JsonFields.require(seenResult, "result");
    return result;
  }

  private RpcHttpException httpError(String method, long height, Response response) {
    if (response.isRedirect()) {
      return new RpcHttpException(endpoint, method, height, response.code(), redirectText(response), null);
    }
    return new RpcHttpException(
        endpoint, method, height, response.code(), response.message(), RetryAfter.of(response));
  }

  /** Names where the endpoint redirects to, by scheme, host and port only: the rest may carry secrets. */
  private static String redirectText(Response response) {
    String location = response.header("Location");
    HttpUrl target = location == null ? null : response.request().url().resolve(location);
    String where = target == null ? "nowhere" : target.scheme() + "://" + target.host() + ":" + target.port();
    return "redirect to " + where + " refused; configure the endpoint's final URL";
  }

  private MalformedResponseException tooLarge(String method, long height) {
    return new MalformedResponseException(
        endpoint, method, height, "response body is larger than " + maxBodyBytes + " bytes");
  }

  private MalformedResponseException notJson(String method, long height, HeadKeepingStream head) {
    return new MalformedResponseException(
        endpoint, method, height, "response is not a JSON-RPC object: " + preview(head.head()));
  }

  private String preview(byte[] head) {
    if (head.length == 0) {
      return "empty body";
    }
    String text = new String(head, 0, Math.min(head.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
    return '"' + endpoint.scrub(text.strip()) + (head.length > PREVIEW_BYTES ? "...\"" : "\"");
  }
}
