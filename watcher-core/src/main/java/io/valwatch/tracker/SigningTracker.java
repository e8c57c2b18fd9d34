package io.valwatch.tracker;

import io.valwatch.rpc.BlockIdFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final int NO_PROPOSER = -1;

  private final double soloMissThreshold;
  private final Map<String, ValidatorRecord> validators = new HashMap<>();
  /** Every validator ever seen, by {@link ValidatorRecord#id}, in the order first seen. */
  private final List<ValidatorRecord> byId = new ArrayList<>();
  private final ArrayDeque<Instant> recentTimes = new ArrayDeque<>();
  /**
   * The record of each vote of the last height, by its index: the next height's set is nearly always the same,
   * in the same order, so most votes find their record here without a lookup.
   */
  private ValidatorRecord[] lastRecords = new ValidatorRecord[0];
  private int windowSize;
  /** Who proposed each height of the window, as a {@link ValidatorRecord#id}, in slot {@code height mod windowSize}. */
  private int[] proposers;
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
    this.proposers = new int[windowSize];
    Arrays.fill(proposers, NO_PROPOSER);
  }

  private int slot(long height) {
    return (int) Math.floorMod(height, (long) windowSize);
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
    List<Miss> misses = new ArrayList<>();
    int proposer = NO_PROPOSER;
    List<Vote> votes = hv.votes();
    // Known validators are told apart by their records; only one first seen now needs its address compared.
    ValidatorRecord proposerRecord = validators.get(hv.proposerAddress());
    if (lastRecords.length != votes.size()) {
      lastRecords = new ValidatorRecord[votes.size()];
    }
    for (int i = 0; i < votes.size(); i++) {
      Vote v = votes.get(i);
      ValidatorRecord rec = lastRecords[i];
      if (rec == null || !rec.address.equals(v.address())) {
        rec = recordOf(v.address());
        lastRecords[i] = rec;
      }
      boolean proposed = proposerRecord != null ? rec == proposerRecord : v.address().equals(hv.proposerAddress());
      if (proposed) {
        proposer = rec.id;
      }
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
    for (ValidatorRecord rec : byId) {
      if (rec.lastSeenHeight != hv.height()) {
        rec.outOfSet(hv.height());
      }
    }
    proposers[slot(hv.height())] = proposer;
    lastHeight = hv.height();
    activeValidators = hv.votes().size();
    signedPowerRatio = totalPower == 0 ? Double.NaN : (double) signedPower / totalPower;
    recentTimes.addLast(hv.time());
    if (recentTimes.size() > INTERVAL_SAMPLES + 1) {
      recentTimes.removeFirst();
    }
    return misses;
  }

  private ValidatorRecord recordOf(String address) {
    ValidatorRecord rec = validators.get(address);
    if (rec == null) {
      rec = new ValidatorRecord(address, byId.size());
      validators.put(address, rec);
      byId.add(rec);
    }
    return rec;
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
    for (ValidatorRecord rec : byId) {
      if (rec.window != null) {
        rec.window = rec.window.resized(newSize, lastHeight);
      }
    }
    int[] resized = new int[newSize];
    Arrays.fill(resized, NO_PROPOSER);
    for (long h = Math.max(1, lastHeight - Math.min(newSize, windowSize) + 1); h <= lastHeight; h++) {
      resized[(int) Math.floorMod(h, (long) newSize)] = proposers[slot(h)];
    }
    proposers = resized;
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
    if (rec == null || rec.window == null || !inWindow(height)) {
      return Optional.empty();
    }
    return HeightMark.decode(rec.window.get(height), proposers[slot(height)] == rec.id);
  }

  private boolean inWindow(long height) {
    return height >= 1 && height <= lastHeight && height > lastHeight - windowSize;
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
    if (from > lastHeight) {
      return RecentBlocks.NONE;
    }
    RecentBlocks.Builder marks = new RecentBlocks.Builder(lastHeight, (int) (lastHeight - from + 1));
    ValidatorRecord rec = validators.get(addressHex);
    for (long h = from; h <= lastHeight; h++) {
      int outcome = rec == null || rec.window == null ? SigningWindow.NOT_IN_SET : rec.window.get(h);
      marks.add(outcome, rec != null && proposers[slot(h)] == rec.id);
    }
    return marks.build();
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
      int outcome = rec.window.get(h);
      if (outcome != SigningWindow.NOT_IN_SET) {
        inSet++;
        if (outcome == SigningWindow.MISSED) {
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

  /** The consensus addresses (upper-case hex) of the validators in the set at the last height. */
  public List<String> activeAddresses() {
    List<String> result = new ArrayList<>();
    for (Map.Entry<String, ValidatorRecord> e : validators.entrySet()) {
      if (e.getValue().lastSeenHeight == lastHeight) {
        result.add(e.getKey());
      }
    }
    return result;
  }

  /** Uptime over the window of every validator currently in the set, for network-wide comparisons. */
  public List<Double> uptimeOfActiveValidators() {
    List<Double> result = new ArrayList<>();
    for (ValidatorRecord rec : byId) {
      if (rec.lastSeenHeight == lastHeight) {
        result.add(rec.snapshot().uptimeRatio());
      }
    }
    return result;
  }

  /** Everything this tracker holds, as plain values to be written down and {@linkplain #restore restored}. */
  public TrackerState state() {
    List<TrackerState.ValidatorState> states = new ArrayList<>(byId.size());
    for (ValidatorRecord rec : byId) {
      states.add(
          new TrackerState.ValidatorState(
              rec.address,
              rec.signed,
              rec.missed,
              rec.nil,
              rec.proposed,
              rec.missedProposals,
              rec.soloMissed,
              rec.consecutiveMissed,
              rec.lastSeenHeight,
              rec.window == null ? new long[0] : rec.window.words()));
    }
    return new TrackerState(
        windowSize, lastHeight, activeValidators, signedPowerRatio, List.copyOf(recentTimes), states, proposers);
  }

  /**
   * A tracker that continues exactly where the one that wrote {@code state} stopped.
   *
   * @throws IllegalArgumentException if the state does not hold together (windows or proposers of the wrong
   *     size, a proposer that is not one of its validators, an address twice)
   */
  public static SigningTracker restore(TrackerState state, double soloMissThreshold) {
    SigningTracker tracker = new SigningTracker(state.windowSize(), soloMissThreshold);
    List<TrackerState.ValidatorState> states = state.validators();
    for (TrackerState.ValidatorState v : states) {
      ValidatorRecord rec = new ValidatorRecord(v.address(), tracker.byId.size());
      if (tracker.validators.put(v.address(), rec) != null) {
        throw new IllegalArgumentException("tracker state: validator " + v.address() + " appears twice");
      }
      tracker.byId.add(rec);
      rec.signed = v.signedBlocks();
      rec.missed = v.missedBlocks();
      rec.nil = v.nilVotes();
      rec.proposed = v.proposedBlocks();
      rec.missedProposals = v.missedProposals();
      rec.soloMissed = v.soloMissedBlocks();
      rec.consecutiveMissed = v.consecutiveMissedBlocks();
      rec.lastSeenHeight = v.lastSeenHeight();
      long[] words = v.window();
      rec.window = words.length == 0 ? null : SigningWindow.fromWords(state.windowSize(), words);
    }
    int[] proposers = state.proposers();
    if (proposers.length != state.windowSize()) {
      throw new IllegalArgumentException(
          "tracker state: " + proposers.length + " proposer slots for a window of " + state.windowSize());
    }
    for (int id : proposers) {
      if (id < NO_PROPOSER || id >= states.size()) {
        throw new IllegalArgumentException("tracker state: proposer " + id + " is not one of its validators");
      }
    }
    tracker.proposers = proposers;
    tracker.lastHeight = state.lastHeight();
    tracker.activeValidators = state.activeValidators();
    tracker.signedPowerRatio = state.signedPowerRatio();
    tracker.recentTimes.addAll(state.recentTimes());
    return tracker;
  }

  /** A miss at the height just recorded. */
  public record Miss(String address, boolean solo, long consecutiveMissedBlocks) {}

  private static final class ValidatorRecord {
    final String address;
    final int id;
    SigningWindow window;
    long signed;
    long missed;
    long nil;
    long proposed;
    long missedProposals;
    long soloMissed;
    long consecutiveMissed;
    long lastSeenHeight;

    ValidatorRecord(String address, int id) {
      this.address = address;
      this.id = id;
    }

    void count(long height, BlockIdFlag flag, boolean wasProposer, boolean solo, int windowSize) {
      int outcome;
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
