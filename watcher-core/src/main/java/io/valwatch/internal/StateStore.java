package io.valwatch.internal;

import io.valwatch.tracker.TrackerState;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers, per chain, the last height that was fully processed and the signing tracker's state after it,
 * so that a restart resumes right after that height with the same windows and streaks.
 */
public interface StateStore {
  /**
   * What was saved for a chain. Never throws: a file that cannot be read, is corrupt or of an older format
   * is reported in {@link Saved#problem()}, moved aside and treated as a fresh start.
   */
  Saved load(String chainId);

  /**
   * Records that every height up to {@code height} is processed and {@code trackerState} is the tracker's
   * state after it, in one atomic write.
   *
   * @throws java.io.UncheckedIOException when the state cannot be written
   */
  void save(String chainId, long height, Supplier<TrackerState> trackerState);

  /**
   * What a chain's state file held.
   *
   * @param cursor the last processed height; empty for a fresh start
   * @param trackerState the tracker's state after {@code cursor}; {@code null} when there is none
   * @param problem why the saved state, or part of it, could not be used; {@code null} when there was none
   */
  public record Saved(OptionalLong cursor, TrackerState trackerState, String problem) {
    static final Saved NOTHING = new Saved(OptionalLong.empty(), null, null);
  }

  /** A store that forgets everything when the process ends; it keeps no tracker state. */
  static StateStore inMemory() {
    Map<String, Long> heights = new ConcurrentHashMap<>();
    return new StateStore() {
      @Override
      public Saved load(String chainId) {
        Long h = heights.get(chainId);
        return h == null ? Saved.NOTHING : new Saved(OptionalLong.of(h), null, null);
      }

      @Override
      public void save(String chainId, long height, Supplier<TrackerState> trackerState) {
        heights.put(chainId, height);
      }
    };
  }

  /** A store with one file per chain in {@code dir}, replaced atomically on every save. */
  static StateStore inDirectory(Path dir) {
    return new StateFiles(dir);
  }
}
