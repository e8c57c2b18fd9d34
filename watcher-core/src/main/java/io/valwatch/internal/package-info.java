/**
 * The chain runner, the CometBFT block source, the endpoint pool and the state store behind the façade.
 *
 * <p>Stability: none. Not an API: it may change in any release, and the build fails when anything outside
 * watcher-core's façade uses it.
 */
package io.valwatch.internal;
