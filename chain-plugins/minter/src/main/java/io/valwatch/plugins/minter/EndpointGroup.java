package io.valwatch.plugins.minter;

import io.valwatch.model.EndpointStatus;
import io.valwatch.plugins.minter.MinterApiException.Kind;
import io.valwatch.rpc.RpcEndpoint;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain's Minter API endpoints, tried in order: a request moves on to the next endpoint when one fails,
 * and later requests start with the endpoint that last answered, so a dead endpoint costs one failed request
 * rather than one per query.
 */
final class EndpointGroup {
  private static final Logger log = LoggerFactory.getLogger(EndpointGroup.class);

  /** A request to one endpoint. */
  interface Call<T> {
    T call(MinterEndpoint endpoint) throws MinterApiException;
  }

  private final List<MinterEndpoint> endpoints;
  private int preferred;

  EndpointGroup(List<RpcEndpoint> urls, OkHttpClient http) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("a Minter chain needs at least one API endpoint (…/v2)");
    }
    this.endpoints = urls.stream().map(u -> new MinterEndpoint(u, http)).toList();
  }

  List<MinterEndpoint> endpoints() {
    return endpoints;
  }

  List<EndpointStatus> health() {
    return endpoints.stream().map(MinterEndpoint::health).toList();
  }

  /**
   * Runs {@code call} on each endpoint in turn until one answers. When all fail the same way (every one
   * answered 404, say) that failure is thrown with every endpoint's message; mixed failures are thrown as a
   * {@link Kind#NETWORK} failure, to be retried.
   *
   * @param what the request, for messages
   */
  <T> T call(String what, Call<T> call) throws MinterApiException {
    List<MinterApiException> failures = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      int index = (preferred + i) % endpoints.size();
      try {
        T result = call.call(endpoints.get(index));
        preferred = index;
        return result;
      } catch (MinterApiException e) {
        if (endpoints.size() > 1) {
          log.warn("{} failed, trying the next endpoint: {}", what, e.getMessage());
        }
        failures.add(e);
      }
    }
    MinterApiException first = failures.get(0);
    if (failures.size() == 1) {
      throw first;
    }
    boolean alike = failures.stream()
        .allMatch(f -> f.kind() == first.kind() && f.httpStatus() == first.httpStatus());
    StringBuilder message = new StringBuilder(what).append(" failed on all ").append(endpoints.size())
        .append(" endpoints:");
    failures.forEach(f -> message.append(" [").append(f.getMessage()).append(']'));
    throw alike
        ? new MinterApiException(first.kind(), first.httpStatus(), message.toString(), first)
        : new MinterApiException(Kind.NETWORK, 0, message.toString(), failures.get(failures.size() - 1));
  }
}
