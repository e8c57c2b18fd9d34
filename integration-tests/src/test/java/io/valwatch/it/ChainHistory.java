package io.valwatch.it;

import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated chain together with its truth after every produced block, so that tests can tell exactly what
 * a watcher should have counted over any range of processed heights.
 *
 * <p>The truth at latest height {@code L} counts votes for heights {@code 1..L-1} and proposals for blocks
 * {@code 1..L}. Votes for heights {@code a..b} are therefore the votes of truth {@code b+1} minus those of
 * truth {@code a}, and proposals of blocks {@code a..b} those of truth {@code b} minus truth {@code a-1}.
 *
 * <p>Safe to use while another thread produces blocks.
 */
final class ChainHistory {
  private final SimulatedChain chain;
  private final List<ChainTruth> truthByHeight = new ArrayList<>();

  ChainHistory(SimulatedChain chain) {
    if (chain.latestHeight() != 0) {
      throw new IllegalArgumentException("the history must start at genesis, chain is at " + chain.latestHeight());
    }
    this.chain = chain;
    truthByHeight.add(chain.truth());
  }

  SimulatedChain chain() {
    return chain;
  }

  /** Produces {@code n} blocks one at a time, keeping the truth after each. */
  synchronized void produce(int n) {
    for (int i = 0; i < n; i++) {
      if (chain.produceBlocks(1) != 1) {
        throw new IllegalStateException("chain halted at " + chain.latestHeight());
      }
      truthByHeight.add(chain.truth());
    }
  }

  synchronized long latestHeight() {
    return truthByHeight.size() - 1;
  }

  /** The truth as it was when {@code height} was the latest block. */
  synchronized ChainTruth truthAt(long height) {
    return truthByHeight.get(Math.toIntExact(height));
  }

  /** What a watcher that processed exactly the heights {@code from..to} must have counted for {@code name}. */
  synchronized Counts expected(String name, long from, long to) {
    if (from < 1 || to < from - 1 || to + 1 > latestHeight()) {
      throw new IllegalArgumentException("no truth for heights " + from + ".." + to + " at latest " + latestHeight());
    }
    Counts votesEnd = counts(truthAt(to + 1), name);
    Counts votesStart = counts(truthAt(from), name);
    long proposed = counts(truthAt(to), name).proposed() - counts(truthAt(from - 1), name).proposed();
    return new Counts(
        votesEnd.signed() - votesStart.signed(),
        votesEnd.missed() - votesStart.missed(),
        votesEnd.nil() - votesStart.nil(),
        proposed);
  }

  private static Counts counts(ChainTruth truth, String name) {
    ValidatorTruth v = truth.validators().get(name);
    return v == null ? new Counts(0, 0, 0, 0) : new Counts(v.signed(), v.missed(), v.nil(), v.proposed());
  }

  /** Signed, missed and nil precommits and proposed blocks over a range of heights. */
  record Counts(long signed, long missed, long nil, long proposed) {}
}
