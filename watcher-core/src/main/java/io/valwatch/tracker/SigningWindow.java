package io.valwatch.tracker;

import java.util.Arrays;

/**
 * What one validator did at each of the last {@code capacity} heights, with running counts so that reads cost
 * nothing. Height {@code h} lives in slot {@code h mod capacity}, so the ring needs no head of its own: the
 * tracker's last height is the head.
 *
 * <p>Most validators sign nearly every height, so a window starts sparse: one bit per slot that says
 * "signed", and the few slots where the validator precommitted nil or missed in a sorted list; a slot in
 * neither is out of the set. Once that list would cost more than a second bit per slot, the window turns
 * dense: two bits per slot in {@code long} words (the layout of {@link #words()}), and stays so.
 */
final class SigningWindow {
  static final int NOT_IN_SET = 0;
  static final int SIGNED = 1;
  static final int NIL = 2;
  static final int MISSED = 3;

  private static final int SLOTS_PER_WORD = Long.SIZE / 2;
  private static final int[] NO_SLOTS = new int[0];

  private final int capacity;
  /** Sparse: bit {@code s} set when slot {@code s} was signed; {@code null} once dense. */
  private long[] signed;
  /** Sparse: the nil and missed slots in ascending order, each as {@code slot << 1 | (missed ? 1 : 0)}. */
  private int[] others;
  private int otherCount;
  /** Dense: two bits per slot as in {@link #words()}; {@code null} while sparse. */
  private long[] dense;
  private int missed;
  private int inSet;

  SigningWindow(int capacity) {
    this.capacity = capacity;
    this.signed = new long[(capacity + Long.SIZE - 1) / Long.SIZE];
    this.others = NO_SLOTS;
  }

  /**
   * A window restored from {@link #words()}.
   *
   * @throws IllegalArgumentException if the words do not fit the capacity
   */
  static SigningWindow fromWords(int capacity, long[] words) {
    if (capacity <= 0 || words.length != wordsFor(capacity)) {
      throw new IllegalArgumentException(
          "a window of " + capacity + " heights has " + wordsFor(Math.max(capacity, 1)) + " words, not " + words.length);
    }
    int tail = capacity % SLOTS_PER_WORD;
    if (tail != 0 && (words[words.length - 1] >>> (2 * tail)) != 0) {
      throw new IllegalArgumentException("window words have bits set beyond slot " + (capacity - 1));
    }
    SigningWindow window = new SigningWindow(capacity);
    for (int slot = 0; slot < capacity; slot++) {
      window.putSlot(slot, code(words, slot));
    }
    return window;
  }

  static int wordsFor(int capacity) {
    return (capacity + SLOTS_PER_WORD - 1) / SLOTS_PER_WORD;
  }

  int capacity() {
    return capacity;
  }

  /** The ring, two bits per slot: slot {@code s} is bits {@code 2(s mod 32)} and up of word {@code s / 32}. */
  long[] words() {
    if (dense != null) {
      return dense.clone();
    }
    long[] words = new long[wordsFor(capacity)];
    for (int slot = 0; slot < capacity; slot++) {
      words[slot / SLOTS_PER_WORD] |= (long) slot(slot) << (2 * (slot % SLOTS_PER_WORD));
    }
    return words;
  }

  void put(long height, int outcome) {
    putSlot((int) Math.floorMod(height, (long) capacity), outcome);
  }

  int get(long height) {
    return slot((int) Math.floorMod(height, (long) capacity));
  }

  private void putSlot(int slot, int outcome) {
    int before = slot(slot);
    count(before, -1);
    count(outcome, +1);
    if (dense != null) {
      int shift = 2 * (slot % SLOTS_PER_WORD);
      dense[slot / SLOTS_PER_WORD] = (dense[slot / SLOTS_PER_WORD] & ~(3L << shift)) | ((long) outcome << shift);
      return;
    }
    if (outcome == SIGNED) {
      signed[slot / Long.SIZE] |= 1L << slot;
    } else {
      signed[slot / Long.SIZE] &= ~(1L << slot);
    }
    boolean other = outcome == NIL || outcome == MISSED;
    if (!other && before != NIL && before != MISSED) {
      return;
    }
    int at = find(slot);
    if (at >= 0 && other) {
      others[at] = slot << 1 | (outcome == MISSED ? 1 : 0);
    } else if (at >= 0) {
      System.arraycopy(others, at + 1, others, at, otherCount - at - 1);
      otherCount--;
    } else if (other) {
      insert(-at - 1, slot << 1 | (outcome == MISSED ? 1 : 0));
    }
  }

  private void insert(int at, int entry) {
    if (otherCount == others.length) {
      // Entries of four bytes: this many cost as much as a second bit per slot.
      int limit = 2 * signed.length;
      if (otherCount >= limit) {
        goDense(at, entry);
        return;
      }
      others = Arrays.copyOf(others, Math.min(Math.max(4, otherCount + (otherCount >> 1)), limit));
    }
    System.arraycopy(others, at, others, at + 1, otherCount - at);
    others[at] = entry;
    otherCount++;
  }

  private void goDense(int at, int entry) {
    long[] words = new long[wordsFor(capacity)];
    for (int slot = 0; slot < capacity; slot++) {
      if ((signed[slot / Long.SIZE] & (1L << slot)) != 0) {
        words[slot / SLOTS_PER_WORD] |= (long) SIGNED << (2 * (slot % SLOTS_PER_WORD));
      }
    }
    for (int i = 0; i <= otherCount; i++) {
      int e = i < at ? others[i] : i == at ? entry : others[i - 1];
      int slot = e >>> 1;
      words[slot / SLOTS_PER_WORD] |= (long) ((e & 1) != 0 ? MISSED : NIL) << (2 * (slot % SLOTS_PER_WORD));
    }
    dense = words;
    signed = null;
    others = null;
    otherCount = 0;
  }

  /** The index of {@code slot} in {@link #others}, or {@code -(insertion point) - 1}. */
  private int find(int slot) {
    int lo = 0;
    int hi = otherCount - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int s = others[mid] >>> 1;
      if (s < slot) {
        lo = mid + 1;
      } else if (s > slot) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  private int slot(int slot) {
    if (dense != null) {
      return code(dense, slot);
    }
    if ((signed[slot / Long.SIZE] & (1L << slot)) != 0) {
      return SIGNED;
    }
    int at = find(slot);
    return at < 0 ? NOT_IN_SET : (others[at] & 1) != 0 ? MISSED : NIL;
  }

  private static int code(long[] words, int slot) {
    return (int) (words[slot / SLOTS_PER_WORD] >>> (2 * (slot % SLOTS_PER_WORD))) & 3;
  }

  private void count(int outcome, int delta) {
    if (outcome != NOT_IN_SET) {
      inSet += delta;
    }
    if (outcome == MISSED) {
      missed += delta;
    }
  }

  long missed() {
    return missed;
  }

  long slotsInSet() {
    return inSet;
  }

  /** Whether every slot says the validator was out of the set. */
  boolean isEmpty() {
    return inSet == 0;
  }

  /** A window of another capacity holding the most recent heights up to {@code latestHeight}. */
  SigningWindow resized(int newCapacity, long latestHeight) {
    SigningWindow copy = new SigningWindow(newCapacity);
    int keep = Math.min(newCapacity, capacity);
    for (long h = Math.max(1, latestHeight - keep + 1); h <= latestHeight; h++) {
      copy.put(h, get(h));
    }
    return copy;
  }
}
