package io.valwatch.simnet;

/** A JSON-RPC error as CometBFT reports it: code, message and a data string. */
final class RpcError extends Exception {
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  final int code;
  final String data;

  private RpcError(int code, String message, String data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  /** What every handler error becomes: -32603 "Internal error" with the reason as data. */
  static RpcError internal(String data) {
    return new RpcError(INTERNAL_ERROR, "Internal error", data);
  }

  static RpcError invalidParams(String data) {
    return new RpcError(INVALID_PARAMS, "Invalid params", data);
  }

  /** Unknown method: CometBFT sends no data. */
  static RpcError methodNotFound() {
    return new RpcError(METHOD_NOT_FOUND, "Method not found", "");
  }
}
