package io.valwatch.tracker;

/**
 * What one validator did at each of the last {@code capacity} heights: two bits per height in a ring of
 * {@code long} words, with running counts so that reads cost nothing. Height {@code h} lives in slot {@code h
 * mod capacity}, so the ring needs no head of its own: the tracker's last height is the head.
 */
final class SigningWindow {
  static final int NOT_IN_SET = 0;
  static final int SIGNED = 1;
  static final int NIL = 2;
  static final int MISSED = 3;

  private static final int SLOTS_PER_WORD = Long.SIZE / 2;

  private final int capacity;
  private final long[] words;
  private int missed;
  private int inSet;

  SigningWindow(int capacity) {
    this(capacity, new long[wordsFor(capacity)]);
  }

  private SigningWindow(int capacity, long[] words) {
    this.capacity = capacity;
    this.words = words;
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
    SigningWindow window = new SigningWindow(capacity, words.clone());
    int tail = capacity % SLOTS_PER_WORD;
    if (tail != 0 && (words[words.length - 1] >>> (2 * tail)) != 0) {
      throw new IllegalArgumentException("window words have bits set beyond slot " + (capacity - 1));
    }
    for (int slot = 0; slot < capacity; slot++) {
      window.count(window.slot(slot), +1);
    }
    return window;
  }

  static int wordsFor(int capacity) {
    return (capacity + SLOTS_PER_WORD - 1) / SLOTS_PER_WORD;
  }

  int capacity() {
    return capacity;
  }

  /** A copy of the ring: slot {@code s} is bits {@code 2(s mod 32)} and up of word {@code s / 32}. */
  long[] words() {
    return words.clone();
  }

  void put(long height, int outcome) {
    int slot = (int) Math.floorMod(height, (long) capacity);
    int shift = 2 * (slot % SLOTS_PER_WORD);
    count(slot(slot), -1);
    words[slot / SLOTS_PER_WORD] = (words[slot / SLOTS_PER_WORD] & ~(3L << shift)) | ((long) outcome << shift);
    count(outcome, +1);
  }

  int get(long height) {
    return slot((int) Math.floorMod(height, (long) capacity));
  }

  private int slot(int slot) {
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
