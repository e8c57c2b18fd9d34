package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node answered with a JSON-RPC {@code error} object. CometBFT reports nearly every handler failure
 * as code {@code -32603} ("Internal error") with the reason in {@link #data()}; the subclasses {@link
 * HeightBelowLowestException} and {@link HeightAboveLatestException} recognise the two reasons a
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

  /**
   * The most specific exception for the JSON-RPC {@code error} object the parser is on. The text the node sent
   * is scrubbed of the endpoint's secrets and capped, since it ends up in logs, status and alerts.
   */
  static RpcErrorException read(RpcEndpoint endpoint, String method, long height, JsonParser p)
      throws IOException {
    JsonFields.object(p, "error");
    int code = 0;
    String message = "";
    String data = "";
    for (String f; (f = JsonFields.nextField(p)) != null; ) {
      switch (f) {
        case "code" -> code = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getValueAsInt() : 0;
        case "message" -> message = scalar(endpoint, p);
        case "data" -> data = scalar(endpoint, p);
        default -> p.skipChildren();
      }
    }
    return of(endpoint, method, height, code, message, data);
  }

  /** A string or other scalar as text, scrubbed and capped; an object or array is skipped and named. */
  private static String scalar(RpcEndpoint endpoint, JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      p.skipChildren();
      return token == JsonToken.START_OBJECT ? "(an object)" : "(an array)";
    }
    return token == JsonToken.VALUE_NULL ? "" : EmittedText.cap(endpoint.scrub(p.getText()));
  }

  private static RpcErrorException of(
      RpcEndpoint endpoint, String method, long height, int code, String message, String data) {
    Matcher notAvailable = NOT_AVAILABLE.matcher(data);
    if (notAvailable.find()) {
      return new HeightBelowLowestException(
          endpoint, method, height, code, message, data, Long.parseLong(notAvailable.group(2)));
    }
    Matcher notYet = NOT_YET_AVAILABLE.matcher(data);
    if (notYet.find()) {
      return new HeightAboveLatestException(
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
