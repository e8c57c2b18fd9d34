/**
 * The alert model: {@link io.valwatch.alert.Alert}, its identity ({@link io.valwatch.alert.AlertKey}), its
 * {@link io.valwatch.alert.Severity} and the notifications of its changes.
 *
 * <p>Stability: stable. Alert kinds are named in {@link io.valwatch.risk.AlertKinds}; new kinds may appear in
 * a minor version.
 */
package io.valwatch.alert;
