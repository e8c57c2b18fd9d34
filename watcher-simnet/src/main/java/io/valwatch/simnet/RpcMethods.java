package io.valwatch.simnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The CometBFT RPC methods the simulator serves, independent of the transport (URI GET, JSON-RPC POST or
 * websocket). Each returns the {@code result} object or throws the error CometBFT would send.
 */
final class RpcMethods {
  private static final int DEFAULT_PER_PAGE = 30;
  private static final int MAX_PER_PAGE = 100;

  /** Argument names by method, in positional order. */
  static final Map<String, List<String>> ARGUMENTS = Map.of(
      "health", List.of(),
      "status", List.of(),
      "block", List.of("height"),
      "commit", List.of("height"),
      "validators", List.of("height", "page", "per_page"),
      "abci_query", List.of("path", "data", "height", "prove"));

  /**
   * Raw argument values of one call by name (transports map positional arguments with {@link #ARGUMENTS});
   * {@code null} when an argument was not given.
   */
  interface Params {
    String get(String name);

    /** Whether the raw value was a quoted string in a URI (a quoted {@code data} means raw bytes). */
    default boolean quoted(String name) {
      return false;
    }
  }

  private final SimulatedChain chain;
  private final String rpcAddress;

  RpcMethods(SimulatedChain chain, String rpcAddress) {
    this.chain = chain;
    this.rpcAddress = rpcAddress;
  }

  static boolean exists(String method) {
    return ARGUMENTS.containsKey(method);
  }

  JsonNode call(String method, Params params) throws RpcError {
    return switch (method) {
      case "health" -> CometResultRenderer.object();
      case "status" -> chain.read(state -> new CometResultRenderer(state).statusResult(rpcAddress));
      case "block" -> block(params.get("height"));
      case "commit" -> commit(params.get("height"));
      case "validators" -> validators(
          params.get("height"), params.get("page"), params.get("per_page"));
      case "abci_query" -> abciQuery(params);
      default -> throw RpcError.methodNotFound();
    };
  }

  private JsonNode block(String heightArg) throws RpcError {
    Long requested = parseLong(heightArg, "height");
    return readAt(requested, false, (state, h) -> new CometResultRenderer(state).blockResult(state.block(h)));
  }

  private JsonNode commit(String heightArg) throws RpcError {
    Long requested = parseLong(heightArg, "height");
    return readAt(requested, false, (state, h) -> new CometResultRenderer(state).commitResult(state.block(h)));
  }

  private JsonNode validators(String heightArg, String pageArg, String perPageArg) throws RpcError {
    Long requested = parseLong(heightArg, "height");
    Long page = parseLong(pageArg, "page");
    Long perPageRequested = parseLong(perPageArg, "per_page");
    int perPage = perPageRequested == null || perPageRequested < 1
        ? DEFAULT_PER_PAGE : (int) Math.min(perPageRequested, MAX_PER_PAGE);
    return readAt(requested, true, (state, h) -> {
      ValidatorSetSnapshot set = state.set(h);
      int total = set.members.size();
      int pages = Math.max(1, (total + perPage - 1) / perPage);
      long p = page == null ? 1 : page;
      if (p < 1 || p > pages) {
        throw RpcError.internal("page should be within [1, " + pages + "] range, given " + p);
      }
      return new CometResultRenderer(state).validatorsResult(h, set, (int) p, perPage);
    });
  }

  private JsonNode abciQuery(Params params) throws RpcError {
    String path = params.get("path") == null ? "" : params.get("path");
    Long height = parseLong(params.get("height"), "height");
    byte[] data = decodeData(params.get("data"), params.quoted("data"));
    QueryRoute route = chain.queries().route(path);
    return chain.read(state -> {
      long latest = state.latestHeight();
      AbciAnswer answer;
      if (height != null && height < 0) {
        answer = AbciAnswer.error(26, "cannot query with height < 0; please provide a valid height: invalid height");
      } else if (height != null && height > latest) {
        answer = AbciAnswer.error(26,
            "cannot query with height in the future; please provide a valid height: invalid height");
      } else if (route == null) {
        answer = AbciAnswer.error(6, "unknown query path: unknown request");
      } else {
        answer = AbciAnswer.of(route.answer(state, data));
      }
      ObjectNode response = CometResultRenderer.object();
      response.put("code", answer.code());
      response.put("log", answer.log());
      response.put("info", "");
      response.put("index", "0");
      response.set("key", CometResultRenderer.nullNode());
      if (answer.value() == null) {
        response.set("value", CometResultRenderer.nullNode());
      } else {
        response.put("value", Base64.getEncoder().encodeToString(answer.value()));
      }
      response.set("proofOps", CometResultRenderer.nullNode());
      long answered = height == null || height == 0 ? latest : height;
      response.put("height", answer.code() == 0 ? Long.toString(answered) : "0");
      response.put("codespace", answer.code() == 0 ? "" : "sdk");
      ObjectNode result = CometResultRenderer.object();
      result.set("response", response);
      return result;
    });
  }

  /**
   * An {@code abci_query} reply. A query server's gRPC status becomes an SDK error the way baseapp's
   * {@code gRPCErrorToSDKError} converts it: NotFound → 38, InvalidArgument → 18, anything else → 6.
   */
  private record AbciAnswer(int code, String log, byte[] value) {
    static AbciAnswer error(int code, String log) {
      return new AbciAnswer(code, log, null);
    }

    static AbciAnswer of(QueryOutcome outcome) {
      if (outcome.isOk()) {
        return new AbciAnswer(0, "", outcome.value().toByteArray());
      }
      String grpcError = "rpc error: code = " + GrpcCodes.goName(outcome.code()) + " desc = " + outcome.description();
      return switch (outcome.code()) {
        case NOT_FOUND -> error(38, grpcError + ": key not found");
        case INVALID_ARGUMENT -> error(18, grpcError + ": invalid request");
        default -> error(6, grpcError + ": unknown request");
      };
    }
  }

  /** Reads at a checked height: {@code null} means latest (latest + 1 for validator sets). */
  private JsonNode readAt(Long requested, boolean nextSetAllowed, HeightReader reader) throws RpcError {
    RpcError[] error = new RpcError[1];
    JsonNode result = chain.read(state -> {
      try {
        long latest = state.latestHeight() + (nextSetAllowed ? 1 : 0);
        long h = requested == null ? latest : requested;
        if (h <= 0) {
          throw RpcError.internal("height must be greater than 0, but got " + h);
        }
        if (h > latest) {
          throw RpcError.internal(
              "height " + h + " must be less than or equal to the current blockchain height " + latest);
        }
        long earliest = state.earliestHeight();
        if (h < earliest) {
          throw RpcError.internal("height " + h + " is not available, lowest height is " + earliest);
        }
        return reader.read(state, h);
      } catch (RpcError e) {
        error[0] = e;
        return null;
      }
    });
    if (error[0] != null) {
      throw error[0];
    }
    return result;
  }

  @FunctionalInterface
  private interface HeightReader {
    JsonNode read(ChainState state, long height) throws RpcError;
  }

  private static Long parseLong(String value, String name) throws RpcError {
    if (value == null || value.isEmpty() || value.equals("null")) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw RpcError.invalidParams(
          "error converting http params to arguments: invalid " + name + " \"" + value + "\": not an integer");
    }
  }

  private static byte[] decodeData(String value, boolean quoted) throws RpcError {
    if (value == null || value.isEmpty()) {
      return new byte[0];
    }
    if (quoted) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    String hex = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("error converting http params to arguments: invalid hex in data \"" + value + "\"");
    }
  }
}
