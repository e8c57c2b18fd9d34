package io.valwatch.rpc;

/**
 * A response body that does not have the shape CometBFT sends; names the offending field. Parsers throw it with
 * the field's path relative to the object they read, and each enclosing reader prefixes its own with {@link
 * #within}, so that no path is built unless something is wrong.
 */
final class MalformedJson extends RuntimeException {
  private final String path;
  private final String problem;

  private MalformedJson(String path, String problem) {
    super(path == null ? problem : "field " + path + ": " + problem, null, false, false);
    this.path = path;
    this.problem = problem;
  }

  MalformedJson(String message) {
    this(null, message);
  }

  static MalformedJson field(String path, String problem) {
    return new MalformedJson(path, problem);
  }

  /** The same problem, its field path prefixed with {@code parent} (such as {@code result.block}). */
  MalformedJson within(String parent) {
    if (path == null) {
      return this;
    }
    return new MalformedJson(path.isEmpty() ? parent : parent + '.' + path, problem);
  }
}
