package io.valwatch.spi;

/**
 * A height no endpoint serves any more.
 *
 * @deprecated the former name of {@link HeightPrunedException}; a block source that throws this is still
 *     understood. It will be removed in the next major release.
 */
@Deprecated
public final class HeightUnavailableException extends HeightPrunedException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was asked of whom, without credentials
   * @param lowestAvailableHeight the lowest height still served
   */
  public HeightUnavailableException(String message, long lowestAvailableHeight) {
    super(message, lowestAvailableHeight);
  }
}
