package io.valwatch.action;

import java.util.Objects;

/**
 * How an effect went.
 *
 * @param outcome {@link Outcome#SUCCEEDED}, {@link Outcome#FAILED} or {@link Outcome#TIMED_OUT}
 * @param detail what happened, one line without secrets: an exit code, an HTTP status, a transaction hash
 */
public record EffectResult(Outcome outcome, String detail) {
  public EffectResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    if (!outcome.ran()) {
      throw new IllegalArgumentException("an effect's outcome is succeeded, failed or timed_out, not " + outcome);
    }
  }

  public static EffectResult succeeded(String detail) {
    return new EffectResult(Outcome.SUCCEEDED, detail);
  }

  public static EffectResult failed(String detail) {
    return new EffectResult(Outcome.FAILED, detail);
  }

  public static EffectResult timedOut(String detail) {
    return new EffectResult(Outcome.TIMED_OUT, detail);
  }
}
