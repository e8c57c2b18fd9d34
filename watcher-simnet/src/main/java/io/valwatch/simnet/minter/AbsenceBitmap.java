package io.valwatch.simnet.minter;

import java.util.Arrays;

/**
 * A validator's 24-slot absence record, as Minter keeps it: the commit seen in the BeginBlock of height
 * {@code H} sets or clears bit {@code H % 24}.
 */
final class AbsenceBitmap {
  static final int WINDOW = 24;

  private final boolean[] absent = new boolean[WINDOW];

  void record(long height, boolean wasAbsent) {
    absent[(int) (height % WINDOW)] = wasAbsent;
  }

  int count() {
    int count = 0;
    for (boolean a : absent) {
      if (a) {
        count++;
      }
    }
    return count;
  }

  void reset() {
    Arrays.fill(absent, false);
  }

  /** Minter's printed form: {@code BA{24:} + one {@code x} (absent) or {@code _} per slot + {@code }}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("BA{").append(WINDOW).append(':');
    for (boolean a : absent) {
      out.append(a ? 'x' : '_');
    }
    return out.append('}').toString();
  }
}
