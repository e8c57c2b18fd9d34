/**
 * Risk levels and the settings of the alert rules: how close a validator is to the chain's liveness penalty
 * ({@link io.valwatch.risk.RiskStatus}) and the thresholds a chain's alerts use.
 *
 * <p>Stability: stable. Settings may gain components in a minor version, with defaults that keep today's
 * behaviour.
 */
package io.valwatch.risk;
