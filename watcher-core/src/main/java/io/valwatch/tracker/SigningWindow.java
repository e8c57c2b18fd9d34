package io.valwatch.tracker;

/**
 * What one validator did at each of the last {@code capacity} heights, in a ring of one byte per height, with
 * running counts so that reads cost nothing.
 */
final class SigningWindow {
  static final byte NOT_IN_SET = 0;
  static final byte SIGNED = 1;
  static final byte NIL = 2;
  static final byte MISSED = 3;
  /** Or-ed onto an outcome when the validator proposed that height. */
  static final byte PROPOSED = 4;
  private static final byte OUTCOME_MASK = 3;

  private final byte[] slots;
  private long missed;
  private long inSet;

  SigningWindow(int capacity) {
    this.slots = new byte[capacity];
  }

  int capacity() {
    return slots.length;
  }

  void put(long height, byte mark) {
    int i = (int) Math.floorMod(height, (long) slots.length);
    count(slots[i], -1);
    slots[i] = mark;
    count(mark, +1);
  }

  byte get(long height) {
    return slots[(int) Math.floorMod(height, (long) slots.length)];
  }

  private void count(byte mark, int delta) {
    byte outcome = (byte) (mark & OUTCOME_MASK);
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
  SigningWindow resized(int capacity, long latestHeight) {
    SigningWindow copy = new SigningWindow(capacity);
    int keep = Math.min(capacity, slots.length);
    for (long h = Math.max(1, latestHeight - keep + 1); h <= latestHeight; h++) {
      copy.put(h, get(h));
    }
    return copy;
  }
}
