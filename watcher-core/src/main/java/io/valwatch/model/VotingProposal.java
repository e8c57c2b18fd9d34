package io.valwatch.model;

import java.time.Instant;
import java.util.Set;

/**
 * A governance proposal in its voting period, and which of the asked-about validators have voted on it.
 *
 * @param id the proposal id
 * @param title its title, empty when the chain gives none
 * @param votingEndTime when voting closes
 * @param votedOperators the operator addresses, among those asked about, that have voted
 */
public record VotingProposal(long id, String title, Instant votingEndTime, Set<String> votedOperators) {
  public VotingProposal {
    votedOperators = Set.copyOf(votedOperators);
  }
}
