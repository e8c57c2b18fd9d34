package io.valwatch.simnet.minter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A consistent snapshot of a {@link MinterChain}'s ground truth.
 *
 * @param latestHeight the latest produced height
 * @param candidates every candidate by name, in declaration order
 * @param transactions every transaction delivered, in block order
 * @param pendingTransactions transactions accepted into the mempool and not yet in a block
 */
public record MinterTruth(
    long latestHeight,
    Map<String, MinterValidatorTruth> candidates,
    List<TransactionTruth> transactions,
    int pendingTransactions) {
  public MinterTruth {
    candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
    transactions = List.copyOf(transactions);
  }

  /** The candidate with this name; fails naming it if there is none. */
  public MinterValidatorTruth candidate(String name) {
    MinterValidatorTruth truth = candidates.get(name);
    if (truth == null) {
      throw new NoSuchElementException("no candidate named '" + name + "'; known: " + candidates.keySet());
    }
    return truth;
  }
}
