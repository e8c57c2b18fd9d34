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
  private volatile WeakReference<Table> table = new WeakReference<>(null);
  private volatile int lastCommitSize;

  /** Each address as a string and as characters, which compare with the parser's fastest. */
  private record Table(String[] strings, char[][] chars) {}

  /** The text of the current string token, signature {@code index}'s address: a string kept when equal, else a new one. */
  String read(JsonParser p, int index) throws IOException {
    int length = p.getTextLength();
    if (length == 0) {
      return "";
    }
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    Table known = tableFor(index);
    char[] kept = known.chars[index];
    String keptString = known.strings[index];
    if (kept != null && keptString != null && Arrays.equals(kept, 0, kept.length, text, offset, offset + length)) {
      return keptString;
    }
    char[] chars = Arrays.copyOfRange(text, offset, offset + length);
    String address = new String(chars);
    known.strings[index] = address;
    known.chars[index] = chars;
    return address;
  }

  /** How many signatures the last commit read had: room to make for the next one's. */
  int lastCommitSize() {
    return lastCommitSize;
  }

  void commitRead(int size) {
    lastCommitSize = size;
  }

  /** The table, made or grown to hold {@code index}. */
  private Table tableFor(int index) {
    Table known = table.get();
    if (known == null || index >= known.strings.length) {
      int size =
          Math.max(index + 1, Math.min(CometResultParser.MAX_ENTRIES, known == null ? 64 : 2 * known.strings.length));
      known =
          known == null
              ? new Table(new String[size], new char[size][])
              : new Table(Arrays.copyOf(known.strings, size), Arrays.copyOf(known.chars, size));
      table = new WeakReference<>(known);
    }
    return known;
  }
}
