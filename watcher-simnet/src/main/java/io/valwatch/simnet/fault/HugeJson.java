package io.valwatch.simnet.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Well-formed JSON of an exact size written in chunks, never held whole: an array of small empty objects
 * between a prefix and a suffix, or a long string.
 */
final class HugeJson {
  private static final int CHUNK = 64 * 1024;
  private static final byte[] OBJECTS = repeat("{},", CHUNK / 3);
  private static final byte[] LETTERS = repeat("x", CHUNK);

  private final byte[] prefix;
  private final byte[] suffix;
  private final boolean objects;

  private HugeJson(String prefix, String suffix, boolean objects) {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
    this.objects = objects;
  }

  /** {@code prefix [{},{},…,{}] suffix}: many small objects, the worst case for a tree-building parser. */
  static HugeJson objects(String prefix, String suffix) {
    return new HugeJson(prefix + "[", "]" + suffix, true);
  }

  /** {@code prefix "xxx…" suffix}. */
  static HugeJson string(String prefix, String suffix) {
    return new HugeJson(prefix + "\"", "\"" + suffix, false);
  }

  /** The size actually written for a requested size: never less than the prefix and suffix need. */
  long size(long requested) {
    return Math.max(requested, prefix.length + suffix.length + (objects ? 2 : 0));
  }

  /** Writes exactly {@link #size(long) size(requested)} bytes. */
  void writeTo(OutputStream out, long requested) throws IOException {
    long middle = size(requested) - prefix.length - suffix.length;
    out.write(prefix);
    if (objects) {
      // "{}," repeated, then a last "{}" and spaces (whitespace is allowed between JSON tokens).
      long repeats = (middle - 2) / 3;
      writeRepeated(out, OBJECTS, repeats * 3);
      out.write('{');
      out.write('}');
      for (long pad = middle - 2 - repeats * 3; pad > 0; pad--) {
        out.write(' ');
      }
    } else {
      writeRepeated(out, LETTERS, middle);
    }
    out.write(suffix);
  }

  private static void writeRepeated(OutputStream out, byte[] chunk, long bytes) throws IOException {
    for (long left = bytes; left > 0; ) {
      int n = (int) Math.min(left, chunk.length);
      out.write(chunk, 0, n);
      left -= n;
    }
  }

  private static byte[] repeat(String unit, int times) {
    byte[] one = unit.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[one.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(one, 0, all, i * one.length, one.length);
    }
    return all;
  }
}
