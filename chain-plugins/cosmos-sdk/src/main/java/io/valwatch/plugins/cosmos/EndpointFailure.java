package io.valwatch.plugins.cosmos;

import java.io.IOException;

/** One endpoint could not be reached or did not answer; the next endpoint may. */
final class EndpointFailure extends IOException {
  EndpointFailure(String endpoint, String reason, Throwable cause) {
    super(endpoint + ": " + reason, cause);
  }
}
