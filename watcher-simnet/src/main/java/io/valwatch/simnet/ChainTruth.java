package io.valwatch.simnet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A consistent snapshot of the simulated chain's ground truth.
 *
 * @param latestHeight the latest produced height (0 before the first block)
 * @param earliestHeight the lowest height the server still answers for
 * @param validators every validator that exists on chain so far, by name, in declaration order
 */
public record ChainTruth(long latestHeight, long earliestHeight, Map<String, ValidatorTruth> validators) {
  public ChainTruth {
    validators = Collections.unmodifiableMap(new LinkedHashMap<>(validators));
  }

  /** The validator with this name; fails naming it if the chain has no such validator (yet). */
  public ValidatorTruth validator(String name) {
    ValidatorTruth truth = validators.get(name);
    if (truth == null) {
      throw new NoSuchElementException("no validator named '" + name + "' at height " + latestHeight
          + "; known: " + validators.keySet());
    }
    return truth;
  }
}
