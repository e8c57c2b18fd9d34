package io.valwatch.simnet;

/** A request the SDK would reject with {@code InvalidArgument}, such as a bad status filter or page. */
final class InvalidRequest extends Exception {
  InvalidRequest(String message) {
    super(message);
  }
}
