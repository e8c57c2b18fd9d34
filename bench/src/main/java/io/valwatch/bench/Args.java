package io.valwatch.bench;

import io.valwatch.Watcher;
import io.valwatch.model.ChainStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Command-line arguments, the machine line and waiting for the watcher, shared by the benchmarks. */
final class Args {
  private Args() {}

  static void printMachine() {
    System.out.printf(Locale.ROOT, "java %s, %d processors, max heap %d MiB, load average %.2f%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static List<Integer> intList(String[] args, String name, String fallback) {
    List<Integer> values = new ArrayList<>();
    for (String part : value(args, name, fallback).split(",")) {
      values.add(Integer.parseInt(part.strip()));
    }
    return values;
  }

  static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(value(args, name, Integer.toString(fallback)));
  }

  static String value(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  static ChainStatus awaitProcessed(Watcher watcher, String chainId, long height, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      ChainStatus s = watcher.status(chainId).orElseThrow();
      if (s.latestHeight().orElse(-1) >= height) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("chain " + chainId + " did not reach height " + height + ": " + s);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
