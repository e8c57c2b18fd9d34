package io.valwatch.tracker;

import java.util.Optional;

/**
 * What one validator did at one height, for block grids.
 *
 * @param outcome signed, nil or missed
 * @param proposed whether it proposed that height
 */
public record HeightMark(Outcome outcome, boolean proposed) {
  /** A validator's vote at a height it was in the set for. */
  public enum Outcome {
    SIGNED,
    NIL,
    MISSED
  }

  static Optional<HeightMark> decode(int outcome, boolean proposed) {
    return switch (outcome) {
      case SigningWindow.SIGNED -> Optional.of(new HeightMark(Outcome.SIGNED, proposed));
      case SigningWindow.NIL -> Optional.of(new HeightMark(Outcome.NIL, proposed));
      case SigningWindow.MISSED -> Optional.of(new HeightMark(Outcome.MISSED, proposed));
      default -> Optional.empty();
    };
  }
}
