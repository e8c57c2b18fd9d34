package io.valwatch.simnet;

import io.valwatch.rpc.BlockIdFlag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The scripted part of a simulated chain: how each validator votes and which state changes happen when,
 * including governance proposals and upgrade plans.
 */
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

  /** A MsgVote of the validator's account on a proposal. */
  record Vote(String name, long height, long proposalId) implements Step {}

  /** A gov proposal in its voting period from block {@code votingStartHeight} until block {@code votingEndHeight}. */
  record Proposal(long id, String title, long votingStartHeight, long votingEndHeight) {}

  /** An upgrade plan for block {@code height}, current from block {@code scheduledAtHeight} until then. */
  record UpgradePlan(String name, long height, String info, long scheduledAtHeight) {}

  private final Map<String, NavigableMap<Long, Long>> absent;
  private final Map<String, NavigableMap<Long, Long>> nil;
  private final NavigableMap<Long, List<Step>> steps;
  private final Map<Long, Proposal> proposals;
  private final List<UpgradePlan> plans;

  private Scenario(
      Map<String, NavigableMap<Long, Long>> absent,
      Map<String, NavigableMap<Long, Long>> nil,
      NavigableMap<Long, List<Step>> steps,
      Map<Long, Proposal> proposals,
      List<UpgradePlan> plans) {
    this.absent = absent;
    this.nil = nil;
    this.steps = steps;
    this.proposals = proposals;
    this.plans = plans;
  }

  /** Every scripted proposal, in id order. */
  Collection<Proposal> proposals() {
    return proposals.values();
  }

  Proposal proposal(long id) {
    return proposals.get(id);
  }

  /** Every scripted upgrade plan, in the order they were scheduled. */
  List<UpgradePlan> plans() {
    return plans;
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
    private final NavigableMap<Long, Proposal> proposals = new TreeMap<>();
    private final List<UpgradePlan> plans = new ArrayList<>();

    void absent(String name, long from, long to) {
      absent.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {from, to});
    }

    void nil(String name, long from, long to) {
      nil.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {from, to});
    }

    void step(Step step) {
      steps.add(step);
    }

    void proposal(Proposal proposal) {
      if (proposals.putIfAbsent(proposal.id(), proposal) != null) {
        throw new IllegalArgumentException("proposal " + proposal.id() + " is declared twice");
      }
    }

    boolean hasProposal(long id) {
      return proposals.containsKey(id);
    }

    void plan(UpgradePlan plan) {
      plans.add(plan);
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
      List<UpgradePlan> byScheduling = new ArrayList<>(plans);
      byScheduling.sort((a, b) -> Long.compare(a.scheduledAtHeight(), b.scheduledAtHeight()));
      return new Scenario(merged(absent), merged(nil), byHeight, new TreeMap<>(proposals), List.copyOf(byScheduling));
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
