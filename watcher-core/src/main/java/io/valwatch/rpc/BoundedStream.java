package io.valwatch.rpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that fails with {@link LimitExceeded} as soon as more than {@code limit} bytes are read. */
final class BoundedStream extends FilterInputStream {
  private final long limit;
  private long read;

  BoundedStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, limit - read + 1));
    count(skipped);
    return skipped;
  }

  private void count(long n) throws LimitExceeded {
    read += n;
    if (read > limit) {
      throw new LimitExceeded();
    }
  }

  /** More bytes arrived than the limit allows. */
  static final class LimitExceeded extends IOException {
    LimitExceeded() {
      super("body exceeds the limit", null);
    }
  }
}
