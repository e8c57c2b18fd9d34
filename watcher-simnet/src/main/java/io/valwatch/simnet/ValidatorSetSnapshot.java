package io.valwatch.simnet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CometBFT validator set that signs one height: members in set order (power descending, address
 * ascending) with their proposer priorities as {@code /validators} shows them, after round 0's proposer of
 * that height was chosen.
 *
 * <p>The priorities follow CometBFT's {@code ValidatorSet} arithmetic. Each height is one
 * {@code IncrementProposerPriority(1)} of the set before: the priorities are divided by
 * {@code ceil(spread / (2 × total power))} when their spread exceeds twice the total power (Go division,
 * toward zero), shifted by their average (rounded toward minus infinity), then every member's priority grows
 * by its power, the highest priority proposes (ties go to the lower address) and pays the total power back.
 * A membership or power change ({@code UpdateWithChangeSet}) keeps the priorities of the members that stay,
 * gives a newcomer {@code -(P + P/8)}, where {@code P} is the total power after the updates and before the
 * removals, and rescales and re-centres the result. Round {@code r > 0} of a height is proposed by the member
 * chosen after {@code r} more such increments of a copy of the height's set, one per round; the stored
 * priorities do not change, so the rounds a height took do not affect later heights.
 */
final class ValidatorSetSnapshot {
  /** A member of the set with its power at that height. */
  record Member(SimValidator validator, long power) {}

  final List<Member> members;
  final long[] priorities;
  final int proposerIndex;
  final String hash;
  final long totalPower;

  private ValidatorSetSnapshot(List<Member> members, long[] priorities, int proposerIndex, String hash) {
    this.members = members;
    this.priorities = priorities;
    this.proposerIndex = proposerIndex;
    this.hash = hash;
    this.totalPower = totalPower(members);
  }

  /** The set of the first height. */
  static ValidatorSetSnapshot genesis(List<Member> members) {
    return new ValidatorSetSnapshot(List.of(), new long[0], -1, "").next(members);
  }

  /** The set of the following height with the given members (already in set order). */
  ValidatorSetSnapshot next(List<Member> nextMembers) {
    if (nextMembers.equals(members)) {
      long[] p = priorities.clone();
      int proposer = increment(p);
      return new ValidatorSetSnapshot(members, p, proposer, hash);
    }
    List<Member> newMembers = List.copyOf(nextMembers);
    long[] p = updatedPriorities(newMembers);
    ValidatorSetSnapshot updated = new ValidatorSetSnapshot(newMembers, p, -1, hashOf(newMembers));
    int proposer = updated.increment(p);
    return new ValidatorSetSnapshot(newMembers, p, proposer, updated.hash);
  }

  /** Round 0's proposer. */
  Member proposer() {
    return members.get(proposerIndex);
  }

  /** The proposer of {@code round} at this height. */
  Member proposer(int round) {
    long[] p = priorities.clone();
    int proposer = proposerIndex;
    for (int r = 0; r < round; r++) {
      proposer = increment(p);
    }
    return members.get(proposer);
  }

  int indexOf(SimValidator validator) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).validator() == validator) {
        return i;
      }
    }
    return -1;
  }

  boolean sameMembersAs(ValidatorSetSnapshot other) {
    return members.equals(other.members);
  }

  /** {@code UpdateWithChangeSet} from this set's members to {@code newMembers}: the priorities, rescaled and centred. */
  private long[] updatedPriorities(List<Member> newMembers) {
    Map<SimValidator, Long> previous = new HashMap<>();
    Map<SimValidator, Long> removed = new HashMap<>();
    for (int i = 0; i < members.size(); i++) {
      previous.put(members.get(i).validator(), priorities[i]);
      removed.put(members.get(i).validator(), members.get(i).power());
    }
    newMembers.forEach(m -> removed.remove(m.validator()));
    long removedPower = removed.values().stream().mapToLong(Long::longValue).sum();
    long beforeRemovals = totalPower(newMembers) + removedPower;
    long newcomer = -(beforeRemovals + (beforeRemovals >> 3));
    long[] p = new long[newMembers.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = previous.getOrDefault(newMembers.get(i).validator(), newcomer);
    }
    rescaleAndCentre(p, 2 * totalPower(newMembers));
    return p;
  }

  /** One {@code IncrementProposerPriority(1)} of {@code p}, which belongs to this set's members; returns the proposer's index. */
  private int increment(long[] p) {
    if (p.length == 0) {
      return -1;
    }
    rescaleAndCentre(p, 2 * totalPower);
    int proposer = -1;
    for (int i = 0; i < p.length; i++) {
      p[i] += members.get(i).power();
      if (proposer < 0 || p[i] > p[proposer]
          || (p[i] == p[proposer]
              && members.get(i).validator().addressHex.compareTo(members.get(proposer).validator().addressHex) < 0)) {
        proposer = i;
      }
    }
    p[proposer] -= totalPower;
    return proposer;
  }

  /** {@code RescalePriorities(diffMax)} then {@code shiftByAvgProposerPriority()}. */
  private static void rescaleAndCentre(long[] p, long diffMax) {
    if (p.length == 0) {
      return;
    }
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (long priority : p) {
      max = Math.max(max, priority);
      min = Math.min(min, priority);
    }
    long diff = max - min;
    if (diffMax > 0 && diff > diffMax) {
      long ratio = (diff + diffMax - 1) / diffMax;
      for (int i = 0; i < p.length; i++) {
        p[i] /= ratio;
      }
    }
    long sum = 0;
    for (long priority : p) {
      sum += priority;
    }
    long average = Math.floorDiv(sum, p.length);
    for (int i = 0; i < p.length; i++) {
      p[i] -= average;
    }
  }

  private static long totalPower(List<Member> members) {
    return members.stream().mapToLong(Member::power).sum();
  }

  /** SHA-256 over the members' addresses and powers: changes exactly when membership or a power changes. */
  private static String hashOf(List<Member> members) {
    StringBuilder material = new StringBuilder();
    for (Member m : members) {
      material.append(m.validator().addressHex).append(':').append(m.power()).append(';');
    }
    return Encoding.hashHex(material.toString());
  }

  @Override
  public String toString() {
    return "ValidatorSetSnapshot" + Arrays.toString(members.stream().map(m -> m.validator().name).toArray());
  }
}
