package io.valwatch.spi;

import io.valwatch.model.GovernanceData;
import java.io.IOException;
import java.util.Collection;

/**
 * A plugin's connection to one chain. The core calls {@link #fetch()} on a refresh interval from a single
 * thread per chain; implementations need not be thread-safe. A failure is thrown, never swallowed: the core
 * keeps the last good data, counts the error and retries at the next refresh.
 */
public interface ChainDataSource extends AutoCloseable {
  /**
   * Reads the validator set, parameters and signing records. The number of requests must not grow with the
   * number of tracked validators: use paginated bulk queries.
   */
  ChainData fetch() throws IOException;

  /**
   * Reads proposals in their voting period (with which of {@code operatorAddresses} have voted) and the
   * scheduled upgrade. Called on its own, slower interval; the requests may grow with the number of
   * proposals and of addresses asked about, which the core keeps to the tracked validators. Default: none.
   */
  default GovernanceData governance(Collection<String> operatorAddresses) throws IOException {
    return GovernanceData.none();
  }

  /** Releases connections the source opened. */
  @Override
  default void close() {}
}
