package io.valwatch.spi;

import java.io.IOException;

/**
 * A height no endpoint serves any more (pruned); the core records the heights below the lowest as a gap. Not
 * final only while its former name, {@link HeightUnavailableException}, extends it.
 */
public class HeightPrunedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long lowestAvailableHeight;

  /**
   * @param message what was asked of whom, without credentials
   * @param lowestAvailableHeight the lowest height still served
   */
  public HeightPrunedException(String message, long lowestAvailableHeight) {
    super(message);
    this.lowestAvailableHeight = lowestAvailableHeight;
  }

  /** The lowest height still served. */
  public long lowestAvailableHeight() {
    return lowestAvailableHeight;
  }
}
