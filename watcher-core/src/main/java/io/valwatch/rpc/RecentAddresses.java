package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The validator addresses last read from one endpoint, in a validator set or a commit, by index in the set. A
 * commit's signatures follow the validator set's order, which rarely changes, so the next commit's addresses are
 * nearly always the same: reading them against these reuses the strings instead of making one per signature per
 * block, and when they are the set's own strings, attributing a signature to its member compares them by
 * reference.
 *
 * <p>Held weakly: the table only saves allocation, so it must not add to the live heap of a process watching
 * many chains; after a collection the next commit read fills it again. Shared by the threads that read one
 * endpoint's blocks: the strings are immutable, and an update lost to another thread only costs a string.
 */
final class RecentAddresses {
  private volatile WeakReference<Entry[]> table = new WeakReference<>(null);
  private volatile int lastCommitSize;

  /**
   * An address as a string and as characters, which compare with the parser's fastest. One object, so that a
   * thread never sees the characters of one address with the string of another.
   */
  private record Entry(String string, char[] chars) {}

  /** The text of the current string token, signature {@code index}'s address: a string kept when equal, else a new one. */
  String read(JsonParser p, int index) throws IOException {
    int length = p.getTextLength();
    if (length == 0) {
      return "";
    }
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    Entry[] known = tableFor(index);
    Entry kept = known[index];
    if (kept != null && Arrays.equals(kept.chars, 0, kept.chars.length, text, offset, offset + length)) {
      return kept.string;
    }
    char[] chars = Arrays.copyOfRange(text, offset, offset + length);
    Entry entry = new Entry(new String(chars), chars);
    known[index] = entry;
    return entry.string;
  }

  /** How many signatures the last commit read had: room to make for the next one's. */
  int lastCommitSize() {
    return lastCommitSize;
  }

  void commitRead(int size) {
    lastCommitSize = size;
  }

  /** The table, made (as large as the last commit) or grown to hold {@code index}. */
  private Entry[] tableFor(int index) {
    Entry[] known = table.get();
    if (known == null || index >= known.length) {
      int grown = known == null ? Math.max(64, lastCommitSize) : 2 * known.length;
      known = Arrays.copyOf(known == null ? new Entry[0] : known, Math.max(index + 1, Math.min(CometResultParser.MAX_ENTRIES, grown)));
      table = new WeakReference<>(known);
    }
    return known;
  }
}
