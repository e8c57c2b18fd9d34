package io.valwatch.plugins.minter;

import io.valwatch.model.EndpointStatus;
import io.valwatch.plugins.minter.MinterApiException.Kind;
import io.valwatch.rpc.RpcEndpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain's Minter API endpoints. A request goes to the endpoint that last answered, then fails over to the
 * others, those whose last request succeeded and that are synced first. An endpoint found on another network
 * gets no request, and one that failed gets none while it backs off, so a dead or rate-limited endpoint costs
 * one failed request per back-off rather than one per query. Used from the chain's thread.
 */
final class EndpointGroup {
  private static final Logger log = LoggerFactory.getLogger(EndpointGroup.class);

  /** A request to one endpoint. */
  interface Call<T> {
    T call(MinterEndpoint endpoint) throws MinterApiException;
  }

  private final String network;
  private final List<MinterEndpoint> endpoints;
  private int preferred;
  private int nextSpread;

  /** @param network the network the endpoints must serve, for messages */
  EndpointGroup(String network, List<RpcEndpoint> urls, OkHttpClient http, Clock clock) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("a Minter chain needs at least one API endpoint (…/v2)");
    }
    this.network = network;
    this.endpoints = urls.stream().map(u -> new MinterEndpoint(u, http, clock)).toList();
  }

  List<MinterEndpoint> endpoints() {
    return endpoints;
  }

  List<EndpointStatus> health() {
    return endpoints.stream().map(MinterEndpoint::health).toList();
  }

  /**
   * Runs {@code call} on each endpoint in turn until one answers. When every endpoint was asked and all failed
   * the same way (every one answered 404, say) that failure is thrown with every endpoint's message; otherwise
   * a {@link Kind#NETWORK} failure is thrown, to be retried, which tells whether some endpoint answered 404
   * ({@link MinterApiException#notFoundSomewhere()}). An endpoint backing off counts as not asked, so a 404
   * from the others does not prove the block or validator is missing everywhere.
   *
   * @param what the request, for messages
   */
  <T> T call(String what, Call<T> call) throws MinterApiException {
    return call(what, call, false);
  }

  /**
   * {@code /status} of the first endpoint that answers on the network, failing over like {@link #call}. Endpoints
   * found on another network are asked too, after the others: a status check is how they come back.
   */
  MinterEndpoint.Status status() throws MinterApiException {
    return call("status", e -> e.status(network), true);
  }

  private <T> T call(String what, Call<T> call, boolean otherNetworksToo) throws MinterApiException {
    List<MinterApiException> failures = new ArrayList<>();
    int skipped = 0;
    for (int index : preferenceOrder(otherNetworksToo)) {
      MinterEndpoint endpoint = endpoints.get(index);
      if (endpoint.backingOff()) {
        skipped++;
        continue;
      }
      try {
        T result = call.call(endpoint);
        preferred = index;
        return result;
      } catch (MinterApiException e) {
        if (endpoints.size() > 1) {
          if (e.notFound()) {
            log.debug("{}: not found, trying the next endpoint: {}", what, e.getMessage());
          } else {
            log.warn("{} failed, trying the next endpoint: {}", what, e.getMessage());
          }
        }
        failures.add(e);
      }
    }
    if (failures.isEmpty()) {
      throw skipped > 0
          ? new MinterApiException(Kind.NETWORK, 0, what + ": every endpoint is backing off after failing", null)
          : new MinterApiException(Kind.WRONG_NETWORK, 0, what + ": no endpoint serves network '" + network + "'", null);
    }
    MinterApiException first = failures.get(0);
    if (failures.size() == 1 && skipped == 0) {
      throw first;
    }
    boolean alike = skipped == 0 && failures.stream()
        .allMatch(f -> f.kind() == first.kind() && f.httpStatus() == first.httpStatus());
    StringBuilder message = new StringBuilder(what).append(" failed on ")
        .append(failures.size() == endpoints.size() ? "all " : failures.size() + " of ").append(endpoints.size())
        .append(" endpoints").append(skipped > 0 ? " (" + skipped + " backing off)" : "").append(':');
    failures.forEach(f -> message.append(" [").append(f.getMessage()).append(']'));
    if (alike) {
      throw new MinterApiException(first.kind(), first.httpStatus(), message.toString(), first);
    }
    boolean notFoundSomewhere = failures.stream().anyMatch(MinterApiException::notFound);
    throw new MinterApiException(
        Kind.NETWORK, 0, message.toString(), failures.get(failures.size() - 1), notFoundSomewhere);
  }

  /**
   * The endpoint for a request sent ahead for block {@code height}: the endpoints that are up, synced, not
   * backing off and report at least that block take turns; null when there is none.
   */
  MinterEndpoint spreadFor(long height) {
    List<MinterEndpoint> usable = new ArrayList<>();
    for (MinterEndpoint e : endpoints) {
      if (e.up() && !e.catchingUp() && !e.backingOff() && e.claimedHeight() >= height) {
        usable.add(e);
      }
    }
    if (usable.isEmpty()) {
      return null;
    }
    nextSpread = (nextSpread + 1) % usable.size();
    return usable.get(nextSpread);
  }

  /** The newest block a synced endpoint on the network reports, not refuted; 0 when none does. */
  long highestClaim() {
    long highest = 0;
    for (MinterEndpoint e : endpoints) {
      highest = Math.max(highest, e.claimedHeight());
    }
    return highest;
  }

  /**
   * Forgets every endpoint's report of block {@code height} or newer, found false; returns the redacted
   * endpoints that made it.
   */
  List<String> refute(long height, String why) {
    List<String> claimants = new ArrayList<>();
    for (MinterEndpoint e : endpoints) {
      if (e.refute(height, why)) {
        claimants.add(e.redacted());
      }
    }
    return claimants;
  }

  /**
   * Indexes of the endpoints to ask, from the one that last answered on: those up and synced, then the others
   * on the network, then, when {@code otherNetworksToo}, those found on another network.
   */
  private List<Integer> preferenceOrder(boolean otherNetworksToo) {
    List<Integer> up = new ArrayList<>();
    List<Integer> down = new ArrayList<>();
    List<Integer> elsewhere = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      int index = (preferred + i) % endpoints.size();
      MinterEndpoint e = endpoints.get(index);
      (e.onAnotherNetwork() ? elsewhere : e.up() && !e.catchingUp() ? up : down).add(index);
    }
    up.addAll(down);
    if (otherNetworksToo) {
      up.addAll(elsewhere);
    }
    return up;
  }
}
