package io.valwatch.bench;

import io.valwatch.internal.HeightBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * (b) in CPU time: the same two workloads as {@link HeightBenchmark}, measured in thread CPU time and
 * alternated round by round, so that the ratio holds on a machine busy with other work (wall-clock averages do
 * not). Arguments: {@code --rounds N} (default 20) of {@code --heights N} (default 2000) each.
 */
public final class HeightCpu {
  private HeightCpu() {}

  public static void main(String[] args) throws Exception {
    int rounds = Args.intArg(args, "--rounds", 20);
    int heights = Args.intArg(args, "--heights", 2000);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    System.out.printf(Locale.ROOT, "%-10s %16s %16s %8s%n", "signatures", "watcher us/h", "floor us/h", "ratio");
    for (int signatures : new int[] {50, 150}) {
      HeightBenchmark bench = new HeightBenchmark();
      bench.signatures = signatures;
      bench.setUp();
      long watcherNanos = 0;
      long floorNanos = 0;
      long sink = 0;
      for (int round = 0; round < rounds; round++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < heights; i++) {
          sink += bench.watcher().size();
        }
        long t1 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < heights; i++) {
          sink += bench.streamingFloor();
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        if (round >= rounds / 4) { // the first quarter warms up
          watcherNanos += t1 - t0;
          floorNanos += t2 - t1;
        }
      }
      bench.tearDown();
      long measured = (long) (rounds - rounds / 4) * heights;
      System.out.printf(Locale.ROOT, "%-10d %16.1f %16.1f %8.2f   (checksum %d)%n",
          signatures, watcherNanos / 1e3 / measured, floorNanos / 1e3 / measured,
          (double) watcherNanos / floorNanos, sink % 1000);
    }
  }
}
