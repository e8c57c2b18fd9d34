package io.valwatch.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node answered with a JSON-RPC {@code error} object. CometBFT reports nearly every handler failure
 * as code {@code -32603} ("Internal error") with the reason in {@link #data()}; the subclasses {@link
 * HeightNotAvailableException} and {@link HeightNotYetAvailableException} recognise the two reasons a
 * watcher has to act on.
 */
public class RpcErrorException extends RpcException {
  private static final Pattern NOT_AVAILABLE =
      Pattern.compile("height (\\d+) is not available, lowest height is (\\d+)");
  private static final Pattern NOT_YET_AVAILABLE =
      Pattern.compile(
          "height (\\d+) must be less than or equal to the current blockchain height (\\d+)");

  private final int code;
  private final String rpcMessage;
  private final String data;

  RpcErrorException(
      RpcEndpoint endpoint, String method, long height, int code, String rpcMessage, String data) {
    super(endpoint, method, height, describe(code, rpcMessage, data), null);
    this.code = code;
    this.rpcMessage = rpcMessage;
    this.data = data;
  }

  /** The most specific exception for a JSON-RPC {@code error} object. */
  static RpcErrorException fromJson(RpcEndpoint endpoint, String method, long height, JsonNode error) {
    int code = error.path("code").asInt();
    String message = error.path("message").asText("");
    JsonNode dataNode = error.path("data");
    String data =
        dataNode.isMissingNode() || dataNode.isNull()
            ? ""
            : dataNode.isTextual() ? dataNode.textValue() : dataNode.toString();
    Matcher notAvailable = NOT_AVAILABLE.matcher(data);
    if (notAvailable.find()) {
      return new HeightNotAvailableException(
          endpoint, method, height, code, message, data, Long.parseLong(notAvailable.group(2)));
    }
    Matcher notYet = NOT_YET_AVAILABLE.matcher(data);
    if (notYet.find()) {
      return new HeightNotYetAvailableException(
          endpoint, method, height, code, message, data, Long.parseLong(notYet.group(2)));
    }
    return new RpcErrorException(endpoint, method, height, code, message, data);
  }

  private static String describe(int code, String rpcMessage, String data) {
    String text = "RPC error " + code + " (" + rpcMessage + ")";
    return data.isEmpty() ? text : text + ": " + data;
  }

  /** The JSON-RPC error code, such as {@code -32603} or {@code -32601}. */
  public int code() {
    return code;
  }

  /** The JSON-RPC error message, such as {@code Internal error}. */
  public String rpcMessage() {
    return rpcMessage;
  }

  /** The error's {@code data}: CometBFT's reason text; empty when the node sent none. */
  public String data() {
    return data;
  }
}
