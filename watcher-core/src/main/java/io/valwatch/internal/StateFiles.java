package io.valwatch.internal;

import io.valwatch.tracker.TrackerState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * One file per chain, {@code <chain>.state}: a magic number, the format, the cursor, the tracker's state and a
 * CRC-32 of all of it, written to a temporary file, forced to disk and moved over the old one, so that a
 * crash leaves either the old or the new state, never a mix. A cursor of the older format
 * ({@code <chain>.height}, the height alone) is still read; its tracker state starts empty.
 */
final class StateFiles implements StateStore {
  private static final int MAGIC = 0x56575354; // "VWST"
  private static final int FORMAT = 1;
  private static final int HEADER = 4 + 4 + 8 + 4;

  private final Path dir;
  private final Set<String> legacyGone = ConcurrentHashMap.newKeySet();

  StateFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir, e);
    }
  }

  private Path file(String chainId, String extension) {
    return dir.resolve(chainId.replaceAll("[^A-Za-z0-9._-]", "_") + extension);
  }

  @Override
  public Saved load(String chainId) {
    Path state = file(chainId, ".state");
    if (Files.exists(state)) {
      return loadState(state);
    }
    Path legacy = file(chainId, ".height");
    if (Files.exists(legacy)) {
      return loadLegacy(legacy);
    }
    return Saved.NOTHING;
  }

  private Saved loadState(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return setAside(file, "cannot be read (" + e + ")");
    }
    if (bytes.length < HEADER + 8) {
      return setAside(file, "is truncated (" + bytes.length + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.getInt() != MAGIC) {
      return setAside(file, "is not a valwatch state file");
    }
    int format = buf.getInt();
    if (format != FORMAT) {
      return setAside(file, "has format " + format + ", this version reads format " + FORMAT);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
      return setAside(file, "fails its checksum");
    }
    long cursor = buf.getLong();
    int length = buf.getInt();
    if (cursor < 0 || length < 0 || length != bytes.length - HEADER - 8) {
      return setAside(file, "has an inconsistent header");
    }
    try {
      return new Saved(
          OptionalLong.of(cursor), TrackerStateFormat.read(Arrays.copyOfRange(bytes, HEADER, HEADER + length)), null);
    } catch (TrackerStateFormat.InvalidStateException e) {
      return setAside(file, "holds a tracker state that cannot be read (" + e.getMessage() + ")");
    }
  }

  private Saved loadLegacy(Path file) {
    try {
      long cursor = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
      if (cursor < 0) {
        return setAside(file, "holds a negative height");
      }
      return new Saved(
          OptionalLong.of(cursor), null,
          "state " + file + " is of the older format (the height alone): resuming after height " + cursor
              + ", signing windows, streaks and recent blocks start empty");
    } catch (NumberFormatException e) {
      return setAside(file, "is corrupt (expected a height)");
    } catch (IOException e) {
      return setAside(file, "cannot be read (" + e + ")");
    }
  }

  /** Moves an unusable file out of the way, so it is reported once and kept for inspection. */
  private Saved setAside(Path file, String what) {
    Path aside = file.resolveSibling(file.getFileName() + ".unusable");
    String where;
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      where = "moved to " + aside.getFileName();
    } catch (IOException e) {
      where = "could not be moved aside (" + e.getMessage() + ")";
    }
    return new Saved(
        OptionalLong.empty(), null, "state " + file + " " + what + "; " + where + "; starting afresh");
  }

  @Override
  public void save(String chainId, long height, Supplier<TrackerState> trackerState) {
    Path file = file(chainId, ".state");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] tracker = TrackerStateFormat.write(trackerState.get());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER + tracker.length + 8);
    try {
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeLong(height);
      out.writeInt(tracker.length);
      out.write(tracker);
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(false);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      deleteLegacy(chainId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write state " + file + ": " + e, e);
    }
  }

  /** Once the state is saved in this format, an older cursor file would only mislead. */
  private void deleteLegacy(String chainId) throws IOException {
    if (legacyGone.add(chainId)) {
      Files.deleteIfExists(file(chainId, ".height"));
    }
  }
}
