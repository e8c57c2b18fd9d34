/**
 * The watcher's façade: build a {@link io.valwatch.Watcher} with {@link io.valwatch.Watcher#builder()}, give it
 * the chains to watch ({@link io.valwatch.model.ChainSpec}), start it, and read snapshots
 * ({@link io.valwatch.model.ChainStatus}) or listen to events ({@link io.valwatch.event.WatcherListener}).
 *
 * <p>Stability: stable. Incompatible changes come only with a new major version and are listed under
 * "Contract changes" in the changelog; the build compares the public API with a recorded baseline.
 */
package io.valwatch;
