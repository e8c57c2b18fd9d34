package io.valwatch.simnet.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * What a {@link FaultRule} does to the calls it matches. Immutable; the factories name every fault the proxy
 * can put between a client and the chain.
 *
 * <p>{@link #latency(Duration)} adds to whatever else happens to a call: the delays of all matching rules add
 * up. Every other fault decides the answer, and of those the first matching rule's applies.
 */
public final class Fault {
  enum Kind {
    LATENCY,
    RESPOND,
    RATE_LIMIT,
    RESET,
    TRUNCATE,
    HUGE_BODY,
    HUGE_ERROR,
    REWRITE,
    BLOCK_NOT_AVAILABLE,
    REDIRECT,
    ECHO_REQUEST,
    DROP,
    HUGE_FRAME
  }

  final Kind kind;
  final Duration duration;
  final int code;
  final long size;
  final String text;
  final String pointer;
  final UnaryOperator<String> rewrite;

  private Fault(Kind kind, Duration duration, int code, long size, String text, String pointer,
      UnaryOperator<String> rewrite) {
    this.kind = kind;
    this.duration = duration;
    this.code = code;
    this.size = size;
    this.text = text;
    this.pointer = pointer;
    this.rewrite = rewrite;
  }

  private static Fault of(Kind kind) {
    return new Fault(kind, Duration.ZERO, 0, 0, "", "", null);
  }

  /** Delays the call by {@code delay} before it is forwarded (a websocket event: before it is delivered). */
  public static Fault latency(Duration delay) {
    checkNotNegative(delay, "delay");
    return new Fault(Kind.LATENCY, delay, 0, 0, "", "", null);
  }

  /** Answers HTTP 429 with {@code Retry-After} in whole seconds. */
  public static Fault tooManyRequests(Duration retryAfter) {
    return respond(429, retryAfter);
  }

  /** Answers HTTP 503 with {@code Retry-After} in whole seconds. */
  public static Fault serviceUnavailable(Duration retryAfter) {
    return respond(503, retryAfter);
  }

  /**
   * Answers HTTP {@code code} with a short text body, and with {@code Retry-After} in whole seconds unless
   * {@code retryAfter} is {@code null}.
   */
  public static Fault respond(int code, Duration retryAfter) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("HTTP status must be within 100..599, got " + code);
    }
    if (retryAfter != null) {
      checkNotNegative(retryAfter, "retryAfter");
    }
    return new Fault(Kind.RESPOND, retryAfter, code, 0, "", "", null);
  }

  /**
   * Lets {@code permits} calls through per fixed {@code window} and answers the rest with HTTP 429 and a
   * {@code Retry-After} of the seconds left in the window, as a rate-limited public endpoint does.
   */
  public static Fault rateLimit(int permits, Duration window) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative, got " + permits);
    }
    checkNotNegative(window, "window");
    return new Fault(Kind.RATE_LIMIT, window, 0, permits, "", "", null);
  }

  /** Resets the connection (TCP RST) before any byte of the answer. */
  public static Fault reset() {
    return of(Kind.RESET);
  }

  /**
   * Forwards the call but sends only the first {@code bytes} of the answer's body, with the full
   * {@code Content-Length}, then closes the connection.
   */
  public static Fault truncate(long bytes) {
    checkSize(bytes);
    return new Fault(Kind.TRUNCATE, Duration.ZERO, 0, bytes, "", "", null);
  }

  /**
   * Answers HTTP 200 with a well-formed JSON-RPC result of {@code bytes} bytes made of small empty objects,
   * streamed without being held in memory: the input that defeats a parser that builds a tree.
   */
  public static Fault hugeBody(long bytes) {
    checkSize(bytes);
    return new Fault(Kind.HUGE_BODY, Duration.ZERO, 0, bytes, "", "", null);
  }

  /** Answers with a JSON-RPC error whose {@code data} is a string of {@code bytes} characters. */
  public static Fault hugeError(long bytes) {
    checkSize(bytes);
    return new Fault(Kind.HUGE_ERROR, Duration.ZERO, 0, bytes, "", "", null);
  }

  /**
   * Forwards the call and replaces the value at the JSON pointer {@code pointer} (such as
   * {@code /result/sync_info/latest_block_height}) of the answer, or of a websocket event, by what
   * {@code change} makes of its text. A string stays a string, a number stays a number where the result is
   * one. Answers without that field pass unchanged.
   */
  public static Fault rewrite(String pointer, UnaryOperator<String> change) {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(change, "change");
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("a JSON pointer starts with '/', got '" + pointer + "'");
    }
    return new Fault(Kind.REWRITE, Duration.ZERO, 0, 0, "", pointer, change);
  }

  /** {@code /status} lies about the latest height: {@code change} maps the true one to what is reported. */
  public static Fault statusHeight(LongUnaryOperator change) {
    Objects.requireNonNull(change, "change");
    return rewrite("/result/sync_info/latest_block_height", h -> Long.toString(change.applyAsLong(Long.parseLong(h))));
  }

  /** {@code /status} claims another chain: {@code node_info.network} becomes {@code network}. */
  public static Fault statusNetwork(String network) {
    Objects.requireNonNull(network, "network");
    return rewrite("/result/node_info/network", n -> network);
  }

  /**
   * A pushed {@code NewBlock} event lies about its height: {@code change} maps the true header height to the
   * one delivered.
   */
  public static Fault newBlockHeight(LongUnaryOperator change) {
    Objects.requireNonNull(change, "change");
    return rewrite("/result/data/value/block/header/height", h -> Long.toString(change.applyAsLong(Long.parseLong(h))));
  }

  /**
   * Answers a {@code block} call the way a pruned node does: JSON-RPC error -32603 with the data
   * {@code "height H is not available, lowest height is L"}, HTTP 500 for URI GET and 200 for POST.
   */
  public static Fault blockNotAvailable(long lowestHeight) {
    return new Fault(Kind.BLOCK_NOT_AVAILABLE, Duration.ZERO, 0, lowestHeight, "", "", null);
  }

  /**
   * Answers HTTP 307 with {@code Location} = {@code baseUrl} followed by the original path and query, such as
   * {@code http://localhost:PORT} to send the client to another host.
   */
  public static Fault redirect(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return new Fault(Kind.REDIRECT, Duration.ZERO, 307, 0, base, "", null);
  }

  /**
   * Answers HTTP {@code code} with the request echoed back, as careless gateways do: the reason phrase and
   * the JSON-RPC error {@code data} carry the request target as received (path keys and query values
   * included) and its {@code Authorization} header.
   */
  public static Fault echoRequest(int code) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("HTTP status must be within 200..599, got " + code);
    }
    return new Fault(Kind.ECHO_REQUEST, Duration.ZERO, code, 0, "", "", null);
  }

  /**
   * Drops the matched websocket event and keeps the connection open: with {@code FaultRule.on("NewBlock")
   * .after(n)}, a websocket that goes silent after {@code n} blocks. For an HTTP call: never answers.
   */
  public static Fault drop() {
    return of(Kind.DROP);
  }

  /**
   * Replaces the matched websocket event by one text frame of {@code bytes} bytes (a JSON-RPC message of small
   * empty objects), streamed without being held in memory.
   */
  public static Fault hugeFrame(long bytes) {
    checkSize(bytes);
    return new Fault(Kind.HUGE_FRAME, Duration.ZERO, 0, bytes, "", "", null);
  }

  /** Whether this fault only delays and leaves the answer to other rules or the upstream. */
  boolean delaysOnly() {
    return kind == Kind.LATENCY;
  }

  private static void checkNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }

  private static void checkSize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + bytes);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case LATENCY -> "latency " + duration.toMillis() + " ms";
      case RESPOND -> "HTTP " + code + (duration == null ? "" : " Retry-After " + duration.toSeconds());
      case RATE_LIMIT -> "rate limit " + size + " per " + duration.toMillis() + " ms";
      case TRUNCATE, HUGE_BODY, HUGE_ERROR, HUGE_FRAME -> kind.name().toLowerCase().replace('_', ' ') + " " + size;
      case REWRITE -> "rewrite " + pointer;
      case BLOCK_NOT_AVAILABLE -> "block not available, lowest " + size;
      case REDIRECT -> "redirect to " + text;
      case ECHO_REQUEST -> "echo request, HTTP " + code;
      default -> kind.name().toLowerCase();
    };
  }
}
