package io.valwatch.exporter;

/** The HTTP server cannot listen where it was told to; the message says why and what to do, in one line. */
final class ListenException extends RuntimeException {
  ListenException(String message, Throwable cause) {
    super(message, cause);
  }
}
