package io.valwatch.plugins.minter;

import io.valwatch.action.Confirmation;
import io.valwatch.action.Confirmer;
import io.valwatch.action.Occurrence;
import java.time.Duration;

/**
 * Confirms a guard's episode on the chain's own record rather than on the blocks the watcher read: the
 * validator's absence counter now ({@code /v2/missed_blocks/{public_key}}) must reach the rule's count, on two
 * endpoints when two or more are configured. So an episode the watcher finds in old heights (catching up after
 * a restart or an outage) switches off no validator that is signing again, even with one endpoint. An endpoint
 * that lags behind is asked again a few times, {@code pollInterval} apart, before the answer is given.
 */
final class GuardConfirmer implements Confirmer {
  private static final int ATTEMPTS = 3;

  private final EndpointGroup endpoints;
  private final String validatorKey;
  private final int missed;
  private final Duration pollInterval;

  GuardConfirmer(EndpointGroup endpoints, String validatorKey, int missed, Duration pollInterval) {
    this.endpoints = endpoints;
    this.validatorKey = validatorKey;
    this.missed = missed;
    this.pollInterval = pollInterval;
  }

  @Override
  public Confirmation confirm(Occurrence occurrence) {
    boolean single = endpoints.endpoints().size() < 2;
    int needed = single ? 1 : 2;
    Confirmation answer = Confirmation.UNANSWERED;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int agreeing = 0;
      int answered = 0;
      for (MinterEndpoint endpoint : endpoints.endpoints()) {
        try {
          long count = endpoint.missedBlocks(validatorKey, 0).count();
          answered++;
          if (count >= missed) {
            agreeing++;
          }
        } catch (MinterApiException e) {
          // unanswered by this endpoint
        }
      }
      if (agreeing >= needed) {
        return single ? Confirmation.SINGLE_ENDPOINT : Confirmation.CONFIRMED;
      }
      answer = answered >= needed ? Confirmation.CONTRADICTED : Confirmation.UNANSWERED;
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer;
      }
    }
    return answer;
  }
}
