package io.valwatch.tracker;

import java.util.Objects;
import java.util.Optional;

/**
 * What one validator did at each of the last heights, one character per height, oldest first: compact
 * enough to publish with every status snapshot and to draw as a block grid.
 *
 * <p>The characters: {@code S} signed, {@code N} precommitted nil, {@code M} missed, each in lower case
 * when the validator also proposed that height, and {@code .} when it was not in the validator set.
 *
 * @param lastHeight the height of the last character; 0 when there are none
 * @param marks one character per height, ending at {@code lastHeight}
 */
public record RecentBlocks(long lastHeight, String marks) {
  /** No heights. */
  public static final RecentBlocks NONE = new RecentBlocks(0, "");

  private static final String SYMBOLS = ".SNMsnm";

  public RecentBlocks {
    Objects.requireNonNull(marks, "marks");
    if (marks.length() > lastHeight) {
      throw new IllegalArgumentException(
          "recent blocks: " + marks.length() + " marks cannot end at height " + lastHeight);
    }
    for (int i = 0; i < marks.length(); i++) {
      if (SYMBOLS.indexOf(marks.charAt(i)) < 0) {
        throw new IllegalArgumentException(
            "recent blocks: unknown mark '" + marks.charAt(i) + "' at height " + (lastHeight - marks.length() + 1 + i));
      }
    }
  }

  /** The height of the first character; {@code lastHeight + 1} when there are none. */
  public long firstHeight() {
    return lastHeight - marks.length() + 1;
  }

  /** What the validator did at {@code height}; empty outside these heights or when it was not in the set. */
  public Optional<HeightMark> at(long height) {
    if (height < firstHeight() || height > lastHeight) {
      return Optional.empty();
    }
    return switch (marks.charAt((int) (height - firstHeight()))) {
      case 'S' -> Optional.of(new HeightMark(HeightMark.Outcome.SIGNED, false));
      case 'N' -> Optional.of(new HeightMark(HeightMark.Outcome.NIL, false));
      case 'M' -> Optional.of(new HeightMark(HeightMark.Outcome.MISSED, false));
      case 's' -> Optional.of(new HeightMark(HeightMark.Outcome.SIGNED, true));
      case 'n' -> Optional.of(new HeightMark(HeightMark.Outcome.NIL, true));
      case 'm' -> Optional.of(new HeightMark(HeightMark.Outcome.MISSED, true));
      default -> Optional.empty();
    };
  }

  /** The character for a {@link SigningWindow} outcome. */
  static char symbol(int outcome, boolean proposed) {
    char upper =
        switch (outcome) {
          case SigningWindow.SIGNED -> 'S';
          case SigningWindow.NIL -> 'N';
          case SigningWindow.MISSED -> 'M';
          default -> '.';
        };
    return proposed ? Character.toLowerCase(upper) : upper;
  }
}
