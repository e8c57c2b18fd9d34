package io.valwatch.spi;

import io.valwatch.model.EndpointStatus;
import io.valwatch.tracker.HeightVotes;
import java.io.IOException;
import java.util.List;

/**
 * Where a chain's heights and votes come from. The core reads CometBFT RPC itself; a plugin supplies its own
 * source only for chains whose blocks are read another way (Minter's API, say), through
 * {@link ChainPlugin#openBlockSource(ChainContext)}.
 *
 * <p>The core calls every method from the chain's single thread, in this pattern: {@link #latestHeight()}
 * on every round of work (the source decides itself how often it really asks the network), then
 * {@link #votes(long)} for each height in strict order. Failures are thrown; the core retries the same
 * height at its next round, so a source must not skip or repeat heights on its own.
 */
public interface BlockSource extends AutoCloseable {
  /**
   * The newest height whose votes are final and can be read with {@link #votes(long)}; 0 while unknown.
   * Must not throw for a passing network failure: report it in {@link #endpoints()} and return what is
   * known.
   */
  long latestHeight();

  /**
   * Who was in the validator set at {@code height}, what each voted, and who proposed it.
   *
   * @throws HeightPrunedException when no endpoint serves the height any more
   * @throws IOException on any other failure
   */
  HeightVotes votes(long height) throws IOException;

  /** Health of the endpoints behind this source. */
  List<EndpointStatus> endpoints();

  /** Releases connections. */
  @Override
  default void close() {}
}
