package io.valwatch.plugins.cosmos;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a call on a chain's endpoints in order, moving on only when an endpoint fails with an {@link
 * EndpointFailure}, and starts later calls with the endpoint that last answered, so a dead endpoint costs
 * one failed request rather than one per query.
 */
final class Failover<E> {
  private static final Logger log = LoggerFactory.getLogger(Failover.class);

  /** A call to one endpoint. */
  interface Attempt<E, T> {
    T call(E endpoint) throws IOException;
  }

  private final List<E> endpoints;
  private int preferred;

  /** @param endpoints at least one, in the order to try them */
  Failover(List<E> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no endpoints");
    }
    this.endpoints = List.copyOf(endpoints);
  }

  List<E> endpoints() {
    return endpoints;
  }

  /** @param what the query and chain, for messages */
  <T> T call(String what, Attempt<E, T> attempt) throws IOException {
    EndpointFailure last = null;
    for (int i = 0; i < endpoints.size(); i++) {
      int index = (preferred + i) % endpoints.size();
      try {
        T result = attempt.call(endpoints.get(index));
        preferred = index;
        return result;
      } catch (EndpointFailure e) {
        log.warn("{} failed, trying the next endpoint: {}", what, e.getMessage());
        last = e;
      }
    }
    throw new IOException(
        what + " failed on all " + endpoints.size() + " endpoints; last error: " + last.getMessage(), last);
  }
}
