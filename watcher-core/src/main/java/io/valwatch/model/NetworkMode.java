package io.valwatch.model;

import java.util.List;

/**
 * Network mode: track every validator of the chain's set instead of a list, optionally filtered, up to a cap.
 *
 * <p>At each staking refresh the tracked validators are the bonded ones, those in the set at a height
 * processed since the previous refresh, and those tracked before that are still unbonding (the chain can
 * still slash them for what they did while bonded), that match at least one {@code include} filter (all of
 * them when there is none) and no {@code exclude} filter. A validator that
 * enters the set is counted from the first height it is in it; a refresh is started as soon as a height
 * shows a newcomer, so it is named by its operator address and moniker at once. Without staking data the
 * validators in the set at the last height are tracked by consensus address, and filters are not applied.
 *
 * @param include a validator must match one of these; every validator when empty
 * @param exclude a validator matching one of these is not tracked
 * @param maxTracked the most validators tracked; beyond it the highest-ranked are kept and a warning is
 *     logged, since every tracked validator adds about 23 series
 */
public record NetworkMode(List<ValidatorFilter> include, List<ValidatorFilter> exclude, int maxTracked) {
  /** The default cap: above the largest active sets of today's Cosmos chains, within the scrape budget. */
  public static final int DEFAULT_MAX_TRACKED = 300;

  public NetworkMode {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be at least 1, got " + maxTracked);
    }
  }

  /** Every validator, up to the default cap. */
  public static NetworkMode all() {
    return new NetworkMode(List.of(), List.of(), DEFAULT_MAX_TRACKED);
  }

  /** Whether a validator with this moniker and rank passes the filters. */
  public boolean selects(String moniker, Integer rank) {
    boolean included = include.isEmpty() || include.stream().anyMatch(f -> f.matches(moniker, rank));
    return included && exclude.stream().noneMatch(f -> f.matches(moniker, rank));
  }
}
