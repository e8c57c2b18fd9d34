package io.valwatch.plugins.minter;

import io.valwatch.model.EndpointStatus;
import io.valwatch.plugins.minter.MinterApiException.Kind;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.plugins.minter.MinterEndpoint.Block;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain's Minter API endpoints. A request goes to the endpoint that last answered, then fails over to the
 * others, those whose last request succeeded and that are synced first. An endpoint found on another network
 * gets no request, and one that failed gets none while it backs off, so a dead or rate-limited endpoint costs
 * one failed request per back-off rather than one per query. The newest block an endpoint reports is only a
 * claim until an endpoint serves it ({@link #newestServedBlock}). Used from one thread at a time.
 */
final class EndpointGroup {
  private static final Logger log = LoggerFactory.getLogger(EndpointGroup.class);

  /** A request to one endpoint. */
  interface Call<T> {
    T call(MinterEndpoint endpoint) throws MinterApiException;
  }

  private static final Duration REFUTATION_WARNING_INTERVAL = Duration.ofMinutes(10);

  private final String network;
  private final List<MinterEndpoint> endpoints;
  private final Clock clock;
  private final Map<MinterEndpoint, String> statusFailures = new HashMap<>();
  private int preferred;
  private int nextSpread;
  /** A liar repeats its report at every poll: one warning per interval, with the count of the others. */
  private Instant nextRefutationWarning = Instant.MIN;
  private long refutationsNotLogged;

  /** @param network the network the endpoints must serve, for messages */
  EndpointGroup(String network, List<RpcEndpoint> urls, OkHttpClient http, Clock clock) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("a Minter chain needs at least one API endpoint (…/v2)");
    }
    this.network = network;
    this.clock = clock;
    this.endpoints = urls.stream().map(u -> new MinterEndpoint(u, http, clock)).toList();
  }

  List<MinterEndpoint> endpoints() {
    return endpoints;
  }

  /** The network the endpoints must serve. */
  String network() {
    return network;
  }

  /** Each endpoint's last error, for messages; "none" when there is none. */
  String problems() {
    String problems = endpoints.stream().flatMap(e -> e.health().lastError().stream())
        .map(error -> "[" + error + "]").collect(Collectors.joining(" "));
    return problems.isEmpty() ? "none" : problems;
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
    List<MinterApiException> failures = new ArrayList<>();
    int skipped = 0;
    for (int index : preferenceOrder()) {
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
  private long highestClaim() {
    long highest = 0;
    for (MinterEndpoint e : endpoints) {
      highest = Math.max(highest, e.claimedHeight());
    }
    return highest;
  }

  /**
   * Asks every endpoint that is not backing off for {@code /status}, those found on another network included
   * (a status check is how they come back); a failure is logged when it differs from the endpoint's last one.
   */
  void checkStatuses() {
    for (MinterEndpoint endpoint : endpoints) {
      if (endpoint.backingOff()) {
        continue;
      }
      try {
        endpoint.status(network);
        statusFailures.remove(endpoint);
      } catch (MinterApiException e) {
        if (!e.getMessage().equals(statusFailures.put(endpoint, e.getMessage()))) {
          log.warn("Status check failed: {}", e.getMessage());
        }
      }
    }
  }

  /**
   * The newest block above {@code after} that an endpoint reports and an endpoint serves when asked for it;
   * empty when no report above it is confirmed now. A report every endpoint asked answers 404 for is false: it
   * is forgotten and the next lower one tried. Endpoints that agree are no proof: two endpoints behind one
   * broken load balancer, or fed by one lying node, report the same false block, and believing it would skip
   * every height up to it for good.
   */
  Optional<Block> newestServedBlock(long after) {
    for (long claimed = highestClaim(); claimed > after; claimed = highestClaim()) {
      long height = claimed;
      try {
        return Optional.of(call("block " + height, e -> e.block(height)));
      } catch (MinterApiException e) {
        if (!e.notFoundSomewhere()) {
          log.debug("Block {} reported on network {} not confirmed yet: {}", height, network, e.getMessage());
          return Optional.empty();
        }
        refuted(height);
      }
    }
    return Optional.empty();
  }

  /**
   * The status of the endpoint that reports the newest block, to read state at; empty when none reports one on
   * the network. When another endpoint reports an older block, the newest is believed only once an endpoint
   * serves it (a false one is forgotten and the next tried); when all agree, a false height can only make the
   * reads at it fail, so no request is spent on it.
   */
  Optional<MinterEndpoint.Status> newestReportedStatus() {
    while (true) {
      MinterEndpoint top = null;
      long lowest = Long.MAX_VALUE;
      for (MinterEndpoint e : endpoints) {
        long claimed = e.claimedHeight();
        if (claimed > 0) {
          lowest = Math.min(lowest, claimed);
          top = top == null || claimed > top.claimedHeight() ? e : top;
        }
      }
      if (top == null) {
        return Optional.empty();
      }
      Optional<MinterEndpoint.Status> status = top.claimedStatus();
      long height = top.claimedHeight();
      if (lowest == height) {
        return status;
      }
      try {
        call("block " + height, e -> {
          e.checkBlock(height);
          return true;
        });
        return status;
      } catch (MinterApiException e) {
        if (!e.notFoundSomewhere()) {
          return status;
        }
        refuted(height);
      }
    }
  }

  /** Forgets every report of block {@code height} or newer, and warns once per interval with a count. */
  private void refuted(long height) {
    List<String> claimants = new ArrayList<>();
    for (MinterEndpoint e : endpoints) {
      if (e.refute(height, "which no endpoint serves")) {
        claimants.add(e.redacted());
      }
    }
    Instant now = clock.instant();
    if (now.isBefore(nextRefutationWarning)) {
      refutationsNotLogged++;
      return;
    }
    nextRefutationWarning = now.plus(REFUTATION_WARNING_INTERVAL);
    log.warn("{} reported block {} on network {}, but no endpoint serves it; not believed"
        + " ({} more such claims since the last warning)", claimants, height, network, refutationsNotLogged);
    refutationsNotLogged = 0;
  }

  /**
   * Indexes of the endpoints on the network, from the one that last answered on: those up and synced, then the
   * others.
   */
  private List<Integer> preferenceOrder() {
    List<Integer> up = new ArrayList<>();
    List<Integer> down = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      int index = (preferred + i) % endpoints.size();
      MinterEndpoint e = endpoints.get(index);
      if (!e.onAnotherNetwork()) {
        (e.up() && !e.catchingUp() ? up : down).add(index);
      }
    }
    up.addAll(down);
    return up;
  }
}
