package io.valwatch.plugins.minter;

import io.valwatch.action.Effect;
import io.valwatch.action.EffectResult;
import io.valwatch.action.Occurrence;
import io.valwatch.plugins.minter.MinterEndpoint.CandidateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts the pre-signed {@code SetCandidateOffline} through API v2 and confirms that the candidate went
 * off. The same signed transaction is offered to the next endpoint when one does not take it: it carries
 * one nonce, so the chain includes it at most once however many nodes hold it. Success is the candidate's
 * {@code status} 1 (off) on an endpoint within {@code confirmTimeout}; anything else is a failure, reported.
 */
final class GuardBroadcast implements Effect {
  private static final Logger log = LoggerFactory.getLogger(GuardBroadcast.class);

  private final EndpointGroup endpoints;
  private final MinterTransaction transaction;
  private final String validatorKey;
  private final Duration confirmTimeout;
  private final Duration pollInterval;

  GuardBroadcast(EndpointGroup endpoints, MinterTransaction transaction, String validatorKey,
      Duration confirmTimeout, Duration pollInterval) {
    this.endpoints = endpoints;
    this.transaction = transaction;
    this.validatorKey = validatorKey;
    this.confirmTimeout = confirmTimeout;
    this.pollInterval = pollInterval;
  }

  @Override
  public String describe() {
    return "broadcast " + transaction + " to switch " + validatorKey + " off";
  }

  @Override
  public EffectResult run(String action, Occurrence occurrence) throws InterruptedException {
    String acceptedBy = null;
    List<String> refusals = new ArrayList<>();
    for (MinterEndpoint endpoint : endpoints.endpoints()) {
      try {
        String hash = endpoint.sendTransaction(transaction.hex());
        log.warn("{}: {} accepted {} ({})", action, endpoint.redacted(), transaction, hash);
        acceptedBy = endpoint.redacted();
        break;
      } catch (MinterApiException e) {
        if (e.httpStatus() == 409) {
          // gRPC AlreadyExists: the node's mempool cache holds this very transaction.
          acceptedBy = endpoint.redacted();
          break;
        }
        refusals.add(e.getMessage());
        log.error("{}: broadcast of {} failed: {}", action, transaction, e.getMessage());
      }
    }
    if (acceptedBy == null) {
      return EffectResult.failed("no endpoint took " + transaction + ": " + String.join("; ", refusals));
    }
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    String last = "not asked yet";
    while (true) {
      try {
        CandidateControl candidate = endpoints.call("candidate", e -> e.candidate(validatorKey));
        if (candidate.status() == 1) {
          return EffectResult.succeeded(transaction.hash() + " sent through " + acceptedBy + "; the candidate is off");
        }
        last = "status " + candidate.status() + (candidate.validator() ? ", still a validator" : "");
      } catch (MinterApiException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        return EffectResult.failed(transaction.hash() + " sent through " + acceptedBy + ", but the candidate is not off after "
            + confirmTimeout.toSeconds() + " s (" + last + ")");
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }
}
