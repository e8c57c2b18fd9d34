package io.valwatch.tracker;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What one validator did at each of the last heights, oldest first: compact enough to publish with every
 * status snapshot and to draw as a block grid.
 *
 * <p>As text ({@link #marks()}), one character per height: {@code S} signed, {@code N} precommitted nil,
 * {@code M} missed, each in lower case when the validator also proposed that height, and {@code .} when it
 * was not in the validator set. Kept as three bits per height and rendered as text on demand.
 */
public final class RecentBlocks {
  /** No heights. */
  public static final RecentBlocks NONE = new RecentBlocks(0, 0, new long[0]);

  /** The characters by code: the {@link SigningWindow} outcome, plus 4 when the validator proposed. */
  private static final String SYMBOLS = ".SNM.snm";

  private static final int PROPOSED = 4;
  private static final int BITS = 3;
  private static final int PER_WORD = Long.SIZE / BITS;

  private final long lastHeight;
  private final int count;
  private final long[] words;

  /**
   * @param lastHeight the height of the last character; 0 when there are none
   * @param marks one character per height, ending at {@code lastHeight}
   * @throws IllegalArgumentException if a character is not one of {@code .SNMsnm}, or there are more
   *     characters than heights up to {@code lastHeight}
   */
  public RecentBlocks(long lastHeight, String marks) {
    this(lastHeight, Objects.requireNonNull(marks, "marks").length(), codes(lastHeight, marks));
  }

  private RecentBlocks(long lastHeight, int count, long[] words) {
    if (count > lastHeight) {
      throw new IllegalArgumentException("recent blocks: " + count + " marks cannot end at height " + lastHeight);
    }
    this.lastHeight = lastHeight;
    this.count = count;
    this.words = words;
  }

  private static long[] codes(long lastHeight, String marks) {
    long[] words = new long[wordsFor(marks.length())];
    for (int i = 0; i < marks.length(); i++) {
      char c = marks.charAt(i);
      int code = SYMBOLS.indexOf(c);
      if (code < 0) {
        throw new IllegalArgumentException(
            "recent blocks: unknown mark '" + c + "' at height " + (lastHeight - marks.length() + 1 + i));
      }
      put(words, i, code);
    }
    return words;
  }

  /**
   * Collects the marks of consecutive heights, oldest first, without going through text. Used once: the
   * words it fills become the built value's.
   */
  static final class Builder {
    private final long lastHeight;
    private long[] words;
    private int count;

    Builder(long lastHeight, int count) {
      this.lastHeight = lastHeight;
      this.words = new long[wordsFor(count)];
    }

    /** Adds the next height: a {@link SigningWindow} outcome, and whether the validator proposed it. */
    Builder add(int outcome, boolean proposed) {
      if (words == null) {
        throw new IllegalStateException("recent blocks already built");
      }
      put(words, count++, outcome == SigningWindow.NOT_IN_SET || !proposed ? outcome : outcome | PROPOSED);
      return this;
    }

    RecentBlocks build() {
      RecentBlocks built = new RecentBlocks(lastHeight, count, words);
      words = null;
      return built;
    }
  }

  private static int wordsFor(int count) {
    return (count + PER_WORD - 1) / PER_WORD;
  }

  private static void put(long[] words, int index, int code) {
    words[index / PER_WORD] |= (long) code << (BITS * (index % PER_WORD));
  }

  private int code(int index) {
    return (int) (words[index / PER_WORD] >>> (BITS * (index % PER_WORD))) & ((1 << BITS) - 1);
  }

  /** The height of the last mark; 0 when there are none. */
  public long lastHeight() {
    return lastHeight;
  }

  /** One character per height from {@link #firstHeight()} to {@link #lastHeight()}, made on each call. */
  public String marks() {
    char[] marks = new char[count];
    for (int i = 0; i < count; i++) {
      marks[i] = SYMBOLS.charAt(code(i));
    }
    return new String(marks);
  }

  /** The height of the first mark; {@code lastHeight + 1} when there are none. */
  public long firstHeight() {
    return lastHeight - count + 1;
  }

  /** What the validator did at {@code height}; empty outside these heights or when it was not in the set. */
  public Optional<HeightMark> at(long height) {
    if (height < firstHeight() || height > lastHeight) {
      return Optional.empty();
    }
    int code = code((int) (height - firstHeight()));
    return HeightMark.decode(code & ~PROPOSED, (code & PROPOSED) != 0);
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof RecentBlocks that
            && lastHeight == that.lastHeight
            && count == that.count
            && Arrays.equals(words, that.words));
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(lastHeight) + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "RecentBlocks[lastHeight=" + lastHeight + ", marks=" + marks() + "]";
  }
}
