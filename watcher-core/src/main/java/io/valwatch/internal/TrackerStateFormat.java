package io.valwatch.internal;

import io.valwatch.tracker.TrackerState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A {@link TrackerState} as bytes in a state file: the window words and the proposer ring as they are,
 * deflated (a window of a validator that always signs is one repeated word). The running totals are not
 * written: they count since the watcher started, and a restart starts them again at 0, as Prometheus
 * counters expect.
 */
final class TrackerStateFormat {
  /** Raised for bytes this class did not write. */
  static final class InvalidStateException extends IOException {
    InvalidStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int MAX_COUNT = 100_000_000;

  private TrackerStateFormat() {}

  static byte[] write(TrackerState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 8192))) {
      out.writeInt(state.windowSize());
      out.writeLong(state.lastHeight());
      out.writeInt(state.activeValidators());
      out.writeDouble(state.signedPowerRatio());
      out.writeInt(state.recentTimes().size());
      for (Instant t : state.recentTimes()) {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
      }
      out.writeInt(state.validators().size());
      for (TrackerState.ValidatorState v : state.validators()) {
        out.writeUTF(v.address());
        out.writeLong(v.consecutiveMissedBlocks());
        out.writeLong(v.lastSeenHeight());
        long[] words = v.window();
        out.writeInt(words.length);
        for (long w : words) {
          out.writeLong(w);
        }
      }
      int[] proposers = state.proposers();
      out.writeInt(proposers.length);
      for (int p : proposers) {
        out.writeInt(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  static TrackerState read(byte[] bytes) throws InvalidStateException {
    try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(bytes)))) {
      int windowSize = in.readInt();
      long lastHeight = in.readLong();
      int activeValidators = in.readInt();
      double signedPowerRatio = in.readDouble();
      List<Instant> recentTimes = new ArrayList<>();
      for (int i = count(in.readInt(), "block times"); i > 0; i--) {
        recentTimes.add(Instant.ofEpochSecond(in.readLong(), in.readInt()));
      }
      List<TrackerState.ValidatorState> validators = new ArrayList<>();
      for (int i = count(in.readInt(), "validators"); i > 0; i--) {
        String address = in.readUTF();
        long streak = in.readLong();
        long lastSeen = in.readLong();
        long[] words = new long[count(in.readInt(), "window words")];
        for (int w = 0; w < words.length; w++) {
          words[w] = in.readLong();
        }
        validators.add(new TrackerState.ValidatorState(address, 0, 0, 0, 0, 0, 0, streak, lastSeen, words));
      }
      int[] proposers = new int[count(in.readInt(), "proposer slots")];
      for (int p = 0; p < proposers.length; p++) {
        proposers[p] = in.readInt();
      }
      if (in.read() != -1) {
        throw new InvalidStateException("the tracker state has bytes after its end", null);
      }
      return new TrackerState(
          windowSize, lastHeight, activeValidators, signedPowerRatio, recentTimes, validators, proposers);
    } catch (InvalidStateException e) {
      throw e;
    } catch (EOFException e) {
      throw new InvalidStateException("the tracker state is truncated", e);
    } catch (IOException | RuntimeException e) {
      throw new InvalidStateException("the tracker state is unreadable: " + e.getMessage(), e);
    }
  }

  private static int count(int n, String what) throws InvalidStateException {
    if (n < 0 || n > MAX_COUNT) {
      throw new InvalidStateException("the tracker state has " + n + " " + what, null);
    }
    return n;
  }
}
