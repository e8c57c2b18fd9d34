/**
 * The value model: what is watched ({@link io.valwatch.model.ChainSpec}), the immutable snapshots the watcher
 * reports ({@link io.valwatch.model.ChainStatus}, {@link io.valwatch.model.ValidatorStatus}, {@link
 * io.valwatch.model.StakingStatus}, {@link io.valwatch.model.EndpointStatus}) and the chain facts they carry.
 * It depends on nothing above it: not on the façade, the plugin SPI, the events or the internals.
 *
 * <p>Absent values: an accessor whose value may be unknown returns {@link java.util.OptionalLong}, {@link
 * java.util.OptionalInt} or {@link java.util.OptionalDouble} for a number and {@link java.util.Optional} for
 * anything else, never {@code null}. Builders take plain values; a field not set, or set to {@code null}, is
 * empty.
 *
 * <p>Stability: stable. Types built through builders may gain components (and builder methods) in a minor
 * version; build them through their builders rather than their constructors. Incompatible changes come only
 * with a new major version and are listed under "Contract changes" in the changelog.
 */
package io.valwatch.model;
