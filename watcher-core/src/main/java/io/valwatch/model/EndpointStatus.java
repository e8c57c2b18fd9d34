package io.valwatch.model;

import io.valwatch.rpc.RequestOutcome;
import java.util.Map;

/**
 * Health of one RPC endpoint of a chain.
 *
 * @param endpoint the endpoint with credentials and keys redacted
 * @param up whether its last status check succeeded, on the right chain
 * @param height the latest height it reported; {@code null} before the first answer
 * @param catchingUp whether it said it is still syncing
 * @param requests requests sent to it so far, by outcome
 * @param lastError the last error it gave, {@code null} when none
 */
public record EndpointStatus(
    String endpoint,
    boolean up,
    Long height,
    boolean catchingUp,
    Map<RequestOutcome, Long> requests,
    String lastError) {
  public EndpointStatus {
    requests = Map.copyOf(requests);
  }
}
