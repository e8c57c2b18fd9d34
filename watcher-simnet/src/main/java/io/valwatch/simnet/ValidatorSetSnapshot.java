package io.valwatch.simnet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CometBFT validator set that signs one height: members in set order (power descending, address
 * ascending) with their proposer priorities after the proposer of that height was chosen.
 *
 * <p>The proposer is chosen by weighted round robin, CometBFT's proposer-priority scheme without its
 * rescaling step: every height each member's priority grows by its power, the highest priority proposes
 * (ties go to the lower address) and pays the total power back. A joining member starts at
 * {@code -1.125 × total power}, as in CometBFT, and the priorities are re-centred on zero whenever the
 * membership changes.
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
    this.totalPower = members.stream().mapToLong(Member::power).sum();
  }

  /** The set of the first height. */
  static ValidatorSetSnapshot genesis(List<Member> members) {
    return new ValidatorSetSnapshot(List.of(), new long[0], -1, "").next(members);
  }

  /** The set of the following height with the given members (already in set order). */
  ValidatorSetSnapshot next(List<Member> nextMembers) {
    boolean sameMembers = nextMembers.equals(members);
    List<Member> newMembers = sameMembers ? members : List.copyOf(nextMembers);
    String newHash = sameMembers ? hash : hashOf(newMembers);
    long total = newMembers.stream().mapToLong(Member::power).sum();
    long[] p = new long[newMembers.size()];
    if (sameMembers) {
      System.arraycopy(priorities, 0, p, 0, p.length);
    } else {
      Map<SimValidator, Long> previous = new HashMap<>();
      for (int i = 0; i < members.size(); i++) {
        previous.put(members.get(i).validator(), priorities[i]);
      }
      long sum = 0;
      for (int i = 0; i < p.length; i++) {
        p[i] = previous.getOrDefault(newMembers.get(i).validator(), -(total + total / 8));
        sum += p[i];
      }
      long average = p.length == 0 ? 0 : Math.floorDiv(sum, p.length);
      for (int i = 0; i < p.length; i++) {
        p[i] -= average;
      }
    }
    int proposer = -1;
    for (int i = 0; i < p.length; i++) {
      p[i] += newMembers.get(i).power();
      if (proposer < 0 || p[i] > p[proposer]
          || (p[i] == p[proposer]
              && newMembers.get(i).validator().addressHex.compareTo(newMembers.get(proposer).validator().addressHex) < 0)) {
        proposer = i;
      }
    }
    if (proposer >= 0) {
      p[proposer] -= total;
    }
    return new ValidatorSetSnapshot(newMembers, p, proposer, newHash);
  }

  Member proposer() {
    return members.get(proposerIndex);
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
