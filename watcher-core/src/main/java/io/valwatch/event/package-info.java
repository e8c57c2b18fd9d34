/**
 * Events the watcher delivers to a {@link io.valwatch.event.WatcherListener}, whose methods all have no-op
 * defaults, on the chain's thread.
 *
 * <p>Stability: stable. The listener may gain methods, always with a no-op default; event records may gain
 * components in a minor version.
 */
package io.valwatch.event;
