package io.valwatch.exporter.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A Minter validator's candidate-off guard, from the {@code guard:} key of a validator.
 *
 * @param chainId the chain
 * @param validator the validator's {@code Mp…} public key
 * @param transaction the pre-signed {@code SetCandidateOffline}, {@code 0x…}; never printed
 * @param missed absences that trigger the broadcast
 * @param of the window they are counted in, in blocks
 * @param checkInterval how often the transaction is checked without being broadcast
 */
public record GuardConfig(
    String chainId, String validator, String transaction, int missed, int of, Duration checkInterval) {
  public GuardConfig {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(checkInterval, "checkInterval");
  }

  /** Everything but the transaction, which anyone could use to switch the validator off. */
  @Override
  public String toString() {
    return "GuardConfig[chainId=" + chainId + ", validator=" + validator + ", transaction=<hidden>, missed="
        + missed + ", of=" + of + ", checkInterval=" + checkInterval + "]";
  }
}
