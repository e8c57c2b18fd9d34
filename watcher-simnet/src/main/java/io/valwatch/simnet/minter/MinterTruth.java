package io.valwatch.simnet.minter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A consistent snapshot of a {@link MinterChain}'s ground truth.
 *
 * @param latestHeight the latest produced height
 * @param candidates every candidate by name, in declaration order
 */
public record MinterTruth(long latestHeight, Map<String, MinterValidatorTruth> candidates) {
  public MinterTruth {
    candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
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
