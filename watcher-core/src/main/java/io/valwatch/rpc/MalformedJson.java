package io.valwatch.rpc;

/** A response body that does not have the shape CometBFT sends; names the offending field. */
final class MalformedJson extends RuntimeException {
  MalformedJson(String message) {
    super(message, null, false, false);
  }

  static MalformedJson field(String path, String problem) {
    return new MalformedJson("field " + path + ": " + problem);
  }
}
