package io.valwatch.model;

import java.util.Objects;

/**
 * A validator to track, given as an operator address ({@code ...valoper1...}), a consensus address
 * ({@code ...valcons1...}), a hex consensus address in any case, or a base64 consensus public key.
 *
 * @param identity how the validator is named
 * @param label a free-form label for grouping (server, team); empty when none
 */
public record TrackedValidator(String identity, String label) {
  public TrackedValidator {
    Objects.requireNonNull(identity, "identity");
    identity = identity.strip();
    if (identity.isEmpty()) {
      throw new IllegalArgumentException("validator identity is empty");
    }
    label = label == null ? "" : label;
  }

  /** A tracked validator without a label. */
  public static TrackedValidator of(String identity) {
    return new TrackedValidator(identity, "");
  }
}
