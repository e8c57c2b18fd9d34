package io.valwatch.tracker;

import io.valwatch.rpc.BlockIdFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts, for every validator of one chain, what it did at each height: signed, nil, missed, proposed, missed
 * proposals, solo misses, streaks, and a rolling window of the last heights. Heights must be recorded strictly in order,
 * each once; anything else is refused, so nothing is counted twice or skipped unnoticed.
 *
 * <p>Not thread-safe: one chain's heights are recorded from one thread.
 */
public final class SigningTracker {
  private static final int INTERVAL_SAMPLES = 20;

  private final double soloMissThreshold;
  private final Map<String, ValidatorRecord> validators = new HashMap<>();
  private final ArrayDeque<Instant> recentTimes = new ArrayDeque<>();
  private int windowSize;
  private long lastHeight;
  private int activeValidators;
  private double signedPowerRatio = Double.NaN;

  /**
   * @param windowSize heights kept in each validator's rolling window (the chain's slashing window)
   * @param soloMissThreshold a miss is solo when at least this share of the other validators' power signed
   */
  public SigningTracker(int windowSize, double soloMissThreshold) {
    if (windowSize <= 0) {
      throw new IllegalArgumentException("windowSize must be positive, got " + windowSize);
    }
    this.windowSize = windowSize;
    this.soloMissThreshold = soloMissThreshold;
  }

  /**
   * Counts one height. It must be the height after the last one recorded (any height for the first call).
   *
   * @return the misses at this height, for events
   * @throws IllegalArgumentException if the height is out of order
   */
  public List<Miss> record(HeightVotes hv) {
    if (lastHeight != 0 && hv.height() != lastHeight + 1) {
      throw new IllegalArgumentException(
          "height " + hv.height() + " recorded out of order: the last recorded height is " + lastHeight);
    }
    long totalPower = 0;
    long signedPower = 0;
    for (Vote v : hv.votes()) {
      totalPower += v.votingPower();
      if (v.flag().countsAsSigned()) {
        signedPower += v.votingPower();
      }
    }
    Map<String, Vote> inSet = new HashMap<>(hv.votes().size() * 2);
    List<Miss> misses = new ArrayList<>();
    for (Vote v : hv.votes()) {
      inSet.put(v.address(), v);
      ValidatorRecord rec = validators.computeIfAbsent(v.address(), a -> new ValidatorRecord());
      boolean proposed = v.address().equals(hv.proposerAddress());
      boolean solo = false;
      if (v.flag() == BlockIdFlag.ABSENT) {
        long othersPower = totalPower - v.votingPower();
        solo = othersPower > 0 && (double) signedPower / othersPower >= soloMissThreshold;
      }
      rec.count(hv.height(), v.flag(), proposed, solo, windowSize);
      if (v.address().equals(hv.missedProposer())) {
        rec.missedProposals++;
      }
      if (v.flag() == BlockIdFlag.ABSENT) {
        misses.add(new Miss(v.address(), solo, rec.consecutiveMissed));
      }
    }
    for (Map.Entry<String, ValidatorRecord> e : validators.entrySet()) {
      if (!inSet.containsKey(e.getKey())) {
        e.getValue().outOfSet(hv.height());
      }
    }
    lastHeight = hv.height();
    activeValidators = hv.votes().size();
    signedPowerRatio = totalPower == 0 ? Double.NaN : (double) signedPower / totalPower;
    recentTimes.addLast(hv.time());
    if (recentTimes.size() > INTERVAL_SAMPLES + 1) {
      recentTimes.removeFirst();
    }
    return misses;
  }

  /**
   * Makes every validator's window {@code windowSize} heights long (when the chain's slashing window becomes
   * known or changes), keeping the most recent heights.
   */
  public void resizeWindow(int newSize) {
    if (newSize <= 0) {
      throw new IllegalArgumentException("windowSize must be positive, got " + newSize);
    }
    if (newSize == windowSize) {
      return;
    }
    for (ValidatorRecord rec : validators.values()) {
      if (rec.window != null) {
        rec.window = rec.window.resized(newSize, lastHeight);
      }
    }
    windowSize = newSize;
  }

  /** The last height recorded, 0 before the first. */
  public long lastHeight() {
    return lastHeight;
  }

  /** Size of the validator set at the last height. */
  public int activeValidators() {
    return activeValidators;
  }

  /** Share of voting power that signed (commit or nil) the last height; NaN before the first. */
  public double signedPowerRatio() {
    return signedPowerRatio;
  }

  /** Mean block interval over the last heights, if at least two were recorded. */
  public Optional<Duration> meanBlockInterval() {
    if (recentTimes.size() < 2) {
      return Optional.empty();
    }
    Duration span = Duration.between(recentTimes.getFirst(), recentTimes.getLast());
    return Optional.of(span.dividedBy(recentTimes.size() - 1));
  }

  /** What a validator did so far; {@link SigningStats#EMPTY} for one never seen. */
  public SigningStats stats(String addressHex) {
    ValidatorRecord rec = validators.get(addressHex);
    return rec == null ? SigningStats.EMPTY : rec.snapshot();
  }

  /**
   * What a validator did at one of the last {@code windowSize} heights: its outcome and whether it
   * proposed. Empty when the height is outside the window or the validator was not in the set.
   */
  public Optional<HeightMark> mark(String addressHex, long height) {
    ValidatorRecord rec = validators.get(addressHex);
    if (rec == null || height > lastHeight || height <= lastHeight - windowSize || height < 1) {
      return Optional.empty();
    }
    return rec.window == null ? Optional.empty() : HeightMark.decode(rec.window.get(height));
  }

  /**
   * What a validator did at each of the last {@code count} recorded heights, as far as the window reaches
   * back, for block grids.
   */
  public RecentBlocks recentBlocks(String addressHex, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    long from = Math.max(1, lastHeight - Math.min(count, windowSize) + 1);
    StringBuilder marks = new StringBuilder();
    for (long h = from; h <= lastHeight; h++) {
      marks.append(RecentBlocks.symbol(mark(addressHex, h)));
    }
    return marks.isEmpty() ? RecentBlocks.NONE : new RecentBlocks(lastHeight, marks.toString());
  }

  /**
   * The validator's misses at heights above {@code height} up to the last recorded one, as far as the
   * window reaches back.
   */
  public long missedAfter(String addressHex, long height) {
    return countRecent(addressHex, lastHeight - height).missed();
  }

  /**
   * The validator's misses and in-set heights among the last {@code heights} recorded heights, as far as the
   * window reaches back.
   */
  public RecentSigning recent(String addressHex, long heights) {
    return countRecent(addressHex, heights);
  }

  private RecentSigning countRecent(String addressHex, long heights) {
    ValidatorRecord rec = validators.get(addressHex);
    if (rec == null || rec.window == null || heights <= 0) {
      return new RecentSigning(0, 0);
    }
    long from = Math.max(1, Math.max(lastHeight - heights + 1, lastHeight - windowSize + 1));
    long missed = 0;
    long inSet = 0;
    for (long h = from; h <= lastHeight; h++) {
      Optional<HeightMark> mark = HeightMark.decode(rec.window.get(h));
      if (mark.isPresent()) {
        inSet++;
        if (mark.get().outcome() == HeightMark.Outcome.MISSED) {
          missed++;
        }
      }
    }
    return new RecentSigning(missed, inSet);
  }

  /**
   * Misses among recent heights.
   *
   * @param missed heights missed
   * @param inSet heights the validator was in the set for
   */
  public record RecentSigning(long missed, long inSet) {}

  /** Uptime over the window of every validator currently in the set, for network-wide comparisons. */
  public List<Double> uptimeOfActiveValidators() {
    List<Double> result = new ArrayList<>();
    for (ValidatorRecord rec : validators.values()) {
      if (rec.lastSeenHeight == lastHeight) {
        result.add(rec.snapshot().uptimeRatio());
      }
    }
    return result;
  }

  /** A miss at the height just recorded. */
  public record Miss(String address, boolean solo, long consecutiveMissedBlocks) {}

  private static final class ValidatorRecord {
    SigningWindow window;
    long signed;
    long missed;
    long nil;
    long proposed;
    long missedProposals;
    long soloMissed;
    long consecutiveMissed;
    long lastSeenHeight;

    void count(long height, BlockIdFlag flag, boolean wasProposer, boolean solo, int windowSize) {
      byte outcome;
      switch (flag) {
        case COMMIT -> {
          signed++;
          consecutiveMissed = 0;
          outcome = SigningWindow.SIGNED;
        }
        case NIL -> {
          nil++;
          consecutiveMissed = 0;
          outcome = SigningWindow.NIL;
        }
        default -> {
          missed++;
          consecutiveMissed++;
          if (solo) {
            soloMissed++;
          }
          outcome = SigningWindow.MISSED;
        }
      }
      if (wasProposer) {
        proposed++;
        outcome |= SigningWindow.PROPOSED;
      }
      if (window == null) {
        window = new SigningWindow(windowSize);
      }
      window.put(height, outcome);
      lastSeenHeight = height;
    }

    /**
     * Marks a height at which the validator was not in the set. Once its whole window is out of the set the
     * window is dropped, so memory follows the active set; the counters stay.
     */
    void outOfSet(long height) {
      if (window != null) {
        window.put(height, SigningWindow.NOT_IN_SET);
        if (window.isEmpty()) {
          window = null;
        }
      }
    }

    SigningStats snapshot() {
      long windowMissed = window == null ? 0 : window.missed();
      long windowSlots = window == null ? 0 : window.slotsInSet();
      return new SigningStats(
          signed, missed, nil, proposed, soloMissed, consecutiveMissed, windowMissed, windowSlots, missedProposals);
    }
  }
}
