/**
 * The alert rules, their lifecycle and their persisted book, behind the façade.
 *
 * <p>Stability: none. Not an API: it may change in any release, and the build fails when anything outside
 * watcher-core's façade uses it.
 */
package io.valwatch.internal.risk;
