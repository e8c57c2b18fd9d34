package io.valwatch.rpc;

/** How one request to an endpoint ended, for the per-endpoint request counters. */
public enum RequestOutcome {
  /** A well-formed answer. */
  SUCCESS,
  /** The node answered with a JSON-RPC error. */
  RPC_ERROR,
  /** The node answered with an HTTP error status and no JSON-RPC error. */
  HTTP_ERROR,
  /** No answer: connection refused, reset or timed out. */
  NETWORK_ERROR,
  /** An answer that was not the JSON expected, or too large. */
  MALFORMED
}
