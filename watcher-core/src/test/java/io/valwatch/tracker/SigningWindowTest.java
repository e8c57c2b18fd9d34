package io.valwatch.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SigningWindowTest {
  @Test
  void holdsTwoBitsPerHeight() {
    assertThat(new SigningWindow(10_000).words()).hasSize(313);
    assertThat(new SigningWindow(32).words()).hasSize(1);
    assertThat(new SigningWindow(33).words()).hasSize(2);
  }

  @Test
  void keepsEveryOutcomeAcrossWordBoundariesAndCountsThem() {
    SigningWindow window = new SigningWindow(70);
    for (long h = 1; h <= 70; h++) {
      window.put(h, (int) (h % 4));
    }
    for (long h = 1; h <= 70; h++) {
      assertThat(window.get(h)).as("height %d", h).isEqualTo((int) (h % 4));
    }
    assertThat(window.missed()).isEqualTo(17);
    assertThat(window.slotsInSet()).isEqualTo(53);

    window.put(71, SigningWindow.MISSED); // replaces height 1, which was signed
    assertThat(window.get(71)).isEqualTo(SigningWindow.MISSED);
    assertThat(window.get(2)).isEqualTo(SigningWindow.NIL);
    assertThat(window.missed()).isEqualTo(18);
    assertThat(window.slotsInSet()).isEqualTo(53);
  }

  @Test
  void restoresFromItsWordsWithTheSameCounts() {
    SigningWindow window = new SigningWindow(45);
    for (long h = 100; h < 160; h++) {
      window.put(h, h % 7 == 0 ? SigningWindow.MISSED : h % 5 == 0 ? SigningWindow.NOT_IN_SET : SigningWindow.SIGNED);
    }
    SigningWindow restored = SigningWindow.fromWords(45, window.words());

    assertThat(restored.missed()).isEqualTo(window.missed());
    assertThat(restored.slotsInSet()).isEqualTo(window.slotsInSet());
    for (long h = 115; h < 160; h++) {
      assertThat(restored.get(h)).isEqualTo(window.get(h));
    }
  }

  @Test
  void refusesWordsThatDoNotFitTheCapacity() {
    assertThatThrownBy(() -> SigningWindow.fromWords(45, new long[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SigningWindow.fromWords(45, new long[] {0, 1L << 26}))
        .hasMessageContaining("beyond slot 44");
  }

  @Test
  void agreesWithAPlainArrayWhetherSparseOrDense() {
    java.util.Random random = new java.util.Random(11);
    for (int capacity : new int[] {1, 45, 64, 65, 200, 10_000}) {
      for (double offline : new double[] {0, 0.001, 0.02, 0.3}) {
        SigningWindow window = new SigningWindow(capacity);
        int[] truth = new int[capacity];
        for (long h = 1; h <= 3L * capacity + 17; h++) {
          double r = random.nextDouble();
          int outcome = r < offline ? SigningWindow.MISSED
              : r < 2 * offline ? SigningWindow.NIL
              : r < 3 * offline ? SigningWindow.NOT_IN_SET
              : SigningWindow.SIGNED;
          window.put(h, outcome);
          truth[(int) (h % capacity)] = outcome;
          if (h % 97 == 0 || h > 3L * capacity) {
            int slot = (int) (h % capacity);
            assertThat(window.get(h)).isEqualTo(truth[slot]);
          }
        }
        long missed = java.util.Arrays.stream(truth).filter(o -> o == SigningWindow.MISSED).count();
        long inSet = java.util.Arrays.stream(truth).filter(o -> o != SigningWindow.NOT_IN_SET).count();
        String what = "capacity " + capacity + ", offline " + offline;
        assertThat(window.missed()).as(what).isEqualTo(missed);
        assertThat(window.slotsInSet()).as(what).isEqualTo(inSet);
        for (int slot = 0; slot < capacity; slot++) {
          assertThat(window.get(slot)).as(what + ", slot " + slot).isEqualTo(truth[slot]);
        }
        SigningWindow restored = SigningWindow.fromWords(capacity, window.words());
        assertThat(restored.words()).as(what).isEqualTo(window.words());
        assertThat(restored.missed()).as(what).isEqualTo(missed);
        assertThat(restored.slotsInSet()).as(what).isEqualTo(inSet);
      }
    }
  }
}
