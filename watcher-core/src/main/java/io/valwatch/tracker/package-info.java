/**
 * Counting of attributed votes: {@link io.valwatch.tracker.SigningTracker} keeps each validator's rolling
 * signing window and the proposers of its heights, and reports {@link io.valwatch.tracker.SigningStats} and
 * {@link io.valwatch.tracker.RecentBlocks}.
 *
 * <p>Stability: evolving. The statistics types are part of the stable model; the tracker itself and its
 * state format may change in a minor version (listed under "Contract changes" in the changelog).
 */
package io.valwatch.tracker;
