package io.valwatch.simnet;

import io.valwatch.rpc.BlockIdFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The scripted part of a simulated chain: how each validator votes and which state changes happen when. */
final class Scenario {
  /** A state change applied while a block is executed. */
  sealed interface Step {
    String name();

    long height();
  }

  record Join(String name, long height, long tokens) implements Step {}

  record Leave(String name, long height) implements Step {}

  record SetTokens(String name, long height, long tokens) implements Step {}

  record DoubleSign(String name, long height) implements Step {}

  record Unjail(String name, long height) implements Step {}

  private final Map<String, NavigableMap<Long, Long>> absent;
  private final Map<String, NavigableMap<Long, Long>> nil;
  private final NavigableMap<Long, List<Step>> steps;

  private Scenario(
      Map<String, NavigableMap<Long, Long>> absent,
      Map<String, NavigableMap<Long, Long>> nil,
      NavigableMap<Long, List<Step>> steps) {
    this.absent = absent;
    this.nil = nil;
    this.steps = steps;
  }

  /** The flag of {@code name}'s precommit for {@code height}; absence wins over a nil vote. */
  BlockIdFlag flag(String name, long height) {
    if (covers(absent.get(name), height)) {
      return BlockIdFlag.ABSENT;
    }
    if (covers(nil.get(name), height)) {
      return BlockIdFlag.NIL;
    }
    return BlockIdFlag.COMMIT;
  }

  List<Step> stepsAt(long height) {
    return steps.getOrDefault(height, List.of());
  }

  private static boolean covers(NavigableMap<Long, Long> ranges, long height) {
    if (ranges == null) {
      return false;
    }
    Map.Entry<Long, Long> range = ranges.floorEntry(height);
    return range != null && height <= range.getValue();
  }

  /** Collects ranges and steps in any order; overlapping vote ranges are merged. */
  static final class Recorder {
    private final Map<String, List<long[]>> absent = new HashMap<>();
    private final Map<String, List<long[]>> nil = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();

    void absent(String name, long from, long to) {
      absent.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {from, to});
    }

    void nil(String name, long from, long to) {
      nil.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {from, to});
    }

    void step(Step step) {
      steps.add(step);
    }

    List<Step> steps() {
      return steps;
    }

    Iterable<String> rangeNames() {
      List<String> names = new ArrayList<>(absent.keySet());
      names.addAll(nil.keySet());
      return names;
    }

    Scenario build() {
      NavigableMap<Long, List<Step>> byHeight = new TreeMap<>();
      for (Step step : steps) {
        byHeight.computeIfAbsent(step.height(), h -> new ArrayList<>()).add(step);
      }
      byHeight.replaceAll((h, list) -> List.copyOf(list));
      return new Scenario(merged(absent), merged(nil), byHeight);
    }

    private static Map<String, NavigableMap<Long, Long>> merged(Map<String, List<long[]>> ranges) {
      Map<String, NavigableMap<Long, Long>> result = new HashMap<>();
      ranges.forEach((name, list) -> {
        List<long[]> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        NavigableMap<Long, Long> map = new TreeMap<>();
        long[] current = null;
        for (long[] r : sorted) {
          if (current != null && r[0] <= current[1] + 1) {
            current[1] = Math.max(current[1], r[1]);
          } else {
            if (current != null) {
              map.put(current[0], current[1]);
            }
            current = r.clone();
          }
        }
        if (current != null) {
          map.put(current[0], current[1]);
        }
        result.put(name, map);
      });
      return result;
    }
  }
}
