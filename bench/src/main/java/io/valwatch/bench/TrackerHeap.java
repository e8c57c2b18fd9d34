package io.valwatch.bench;

import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.tracker.HeightVotes;
import io.valwatch.tracker.SigningTracker;
import io.valwatch.tracker.Vote;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * (c), live heap part: the heap the signing trackers of {@code --chains} chains keep with {@code --validators}
 * validators each once {@code --window} heights have filled their windows: used heap after a full GC, minus the
 * same figure before they were built. Every 7th vote is absent and every 10th nil, so that windows hold all
 * outcomes.
 */
public final class TrackerHeap {
  private TrackerHeap() {}

  public static void main(String[] args) {
    int chains = Args.intArg(args, "--chains", 50);
    int validators = Args.intArg(args, "--validators", 200);
    int window = Args.intArg(args, "--window", 10_000);
    long before = usedAfterGc();
    List<SigningTracker> trackers = new ArrayList<>();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    long start = System.nanoTime();
    for (int c = 0; c < chains; c++) {
      List<Vote> votes = new ArrayList<>();
      for (int v = 0; v < validators; v++) {
        votes.add(new Vote(String.format(Locale.ROOT, "%08X%032X", c, v), 1_000 - v, BlockIdFlag.COMMIT));
      }
      SigningTracker tracker = new SigningTracker(window, 0.9);
      for (long h = 1; h <= window; h++) {
        List<Vote> atHeight = new ArrayList<>(validators);
        for (int v = 0; v < validators; v++) {
          long k = h + v;
          BlockIdFlag flag = k % 7 == 0 ? BlockIdFlag.ABSENT : k % 10 == 0 ? BlockIdFlag.NIL : BlockIdFlag.COMMIT;
          atHeight.add(new Vote(votes.get(v).address(), votes.get(v).votingPower(), flag));
        }
        tracker.record(new HeightVotes(h, t0.plusSeconds(6 * h), votes.get((int) (h % validators)).address(), atHeight, Set.of(), null));
      }
      trackers.add(tracker);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedAfterGc();
    long live = after - before;
    System.out.printf(Locale.ROOT,
        "%d chains x %d validators x %d-height windows: live heap %.1f MiB (%.2f bits per height per validator), "
            + "built in %.1f s; java %s, max heap %d MiB%n",
        chains, validators, window, live / 1048576.0, live * 8.0 / ((double) chains * validators * window), seconds,
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    if (trackers.get(0).lastHeight() != window) {
      throw new AssertionError("tracker did not record every height");
    }
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
