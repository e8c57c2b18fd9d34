package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.ValidatorSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundZeroProposerTest {
  private static final String A = "0A00000000000000000000000000000000000000";
  private static final String B = "0B00000000000000000000000000000000000000";
  private static final String C = "0C00000000000000000000000000000000000000";

  private static ConsensusValidator member(String address, long power, long priority) {
    return new ConsensusValidator(address, null, power, priority);
  }

  @Test
  void theHighestPriorityPlusPowerAtTheHeightBeforeProposesRoundZero() {
    ValidatorSet previous = new ValidatorSet(9, List.of(member(A, 10, 5), member(B, 10, 0), member(C, 10, -5)));
    // The set stored for height 10: A was chosen, so the total power was taken off its priority.
    ValidatorSet current = new ValidatorSet(10, List.of(member(A, 10, -15), member(B, 10, 10), member(C, 10, 5)));

    assertThat(RoundZeroProposer.of(previous, current)).isEqualTo(A);
  }

  @Test
  void aTieGoesToTheLowerAddressNotToTheFirstInSetOrder() {
    // Set order is power descending: B comes first, but A's priority + power ties with B's.
    ValidatorSet previous = new ValidatorSet(9, List.of(member(B, 10, 0), member(A, 5, 5)));
    ValidatorSet current = new ValidatorSet(10, List.of(member(B, 10, 0), member(A, 5, 0)));

    assertThat(RoundZeroProposer.of(previous, current)).isEqualTo(A);
  }

  @Test
  void prioritiesSpreadWiderThanTwiceTheTotalPowerAreDividedTowardZeroFirst() {
    // Total power 8: a spread of 21 is divided by ceil(21 / 16) = 2, giving C 0, B 0, A -10; plus power C wins.
    // Undivided, B (1 + 3) would beat C (-1 + 4); dividing -1 downwards instead would tie C with B.
    List<ConsensusValidator> members = List.of(member(C, 4, -1), member(B, 3, 1), member(A, 1, -20));
    ValidatorSet previous = new ValidatorSet(9, members);

    assertThat(RoundZeroProposer.of(previous, new ValidatorSet(10, members))).isEqualTo(C);
  }

  @Test
  void isNotWorkedOutWhenTheMembersOrPowersChanged() {
    ValidatorSet previous = new ValidatorSet(9, List.of(member(A, 10, 5), member(B, 10, -5)));

    assertThat(RoundZeroProposer.of(previous, new ValidatorSet(10, List.of(member(A, 11, 0), member(B, 10, 0))))).isNull();
    assertThat(RoundZeroProposer.of(previous, new ValidatorSet(10, List.of(member(A, 10, 0), member(C, 10, 0))))).isNull();
    assertThat(RoundZeroProposer.of(previous, new ValidatorSet(10, List.of(member(A, 10, 0))))).isNull();
  }
}
