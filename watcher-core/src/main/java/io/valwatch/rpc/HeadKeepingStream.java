package io.valwatch.rpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An input stream that keeps a copy of the first bytes read through it, so that a body which turns out not to be
 * JSON can be named by its beginning. Unlike peeking ahead into the response's buffer, this shares none of its
 * segments, which the buffer could then no longer recycle.
 */
final class HeadKeepingStream extends FilterInputStream {
  private final byte[] head;
  private int kept;

  /** Keeps up to {@code size} bytes. */
  HeadKeepingStream(InputStream in, int size) {
    super(in);
    this.head = new byte[size];
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && kept < head.length) {
      head[kept++] = (byte) b;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0 && kept < head.length) {
      int copied = Math.min(n, head.length - kept);
      System.arraycopy(buffer, offset, head, kept, copied);
      kept += copied;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (kept < head.length && n > 0) {
      return Math.max(0, read(new byte[(int) Math.min(n, head.length)], 0, (int) Math.min(n, head.length)));
    }
    return super.skip(n);
  }

  /**
   * The body's first bytes, up to the size kept: those read so far, topped up from the stream when the reader
   * stopped before that many. A failure while topping up leaves the bytes kept so far: they are only for a
   * message.
   */
  byte[] head() {
    try {
      for (int n; kept < head.length && (n = in.read(head, kept, head.length - kept)) >= 0; ) {
        kept += n;
      }
    } catch (IOException e) {
      // The bytes kept so far name the body well enough.
    }
    return Arrays.copyOf(head, kept);
  }
}
