package io.valwatch.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers, per chain, the last height that was fully processed, so a restart resumes after it. */
public interface CursorStore {
  /** The last processed height of a chain, if one was saved. */
  OptionalLong load(String chainId);

  /** Records that every height up to {@code height} is processed. */
  void save(String chainId, long height);

  /** A store that forgets everything when the process ends. */
  static CursorStore inMemory() {
    Map<String, Long> heights = new ConcurrentHashMap<>();
    return new CursorStore() {
      @Override
      public OptionalLong load(String chainId) {
        Long h = heights.get(chainId);
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
      }

      @Override
      public void save(String chainId, long height) {
        heights.put(chainId, height);
      }
    };
  }

  /** A store with one small file per chain in {@code dir}, replaced atomically on every save. */
  static CursorStore inDirectory(Path dir) {
    return new FileCursorStore(dir);
  }
}

final class FileCursorStore implements CursorStore {
  private final Path dir;

  FileCursorStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir, e);
    }
  }

  private Path file(String chainId) {
    return dir.resolve(chainId.replaceAll("[^A-Za-z0-9._-]", "_") + ".height");
  }

  @Override
  public OptionalLong load(String chainId) {
    Path file = file(chainId);
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return OptionalLong.of(Long.parseLong(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read height cursor " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "height cursor " + file + " is corrupt (expected a height, found '" + e.getMessage() + "')", e);
    }
  }

  @Override
  public void save(String chainId, long height) {
    Path file = file(chainId);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, Long.toString(height), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write height cursor " + file, e);
    }
  }
}
