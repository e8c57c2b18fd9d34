package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Governance steps of a scenario are checked when the chain is built. */
class GovernanceTest {
  @Test
  void aVoteForAnUnknownProposalIsRejectedWhenBuilding() {
    assertThatThrownBy(() -> SimulatedChain.builder().validator("alice", 50_000_000).vote("alice", 9, 3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vote of 'alice' names unknown proposal 9; declare it with proposal(...)");
  }

  @Test
  void aProposalMustVoteForAtLeastOneBlock() {
    assertThatThrownBy(() -> SimulatedChain.builder().proposal(1, "t", 5, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("proposal 1:");
  }
}
