/**
 * An example chain plugin for an invented proof-of-authority chain, to show how a staking module that
 * valwatch does not know is added without touching valwatch.
 *
 * <p>The invented chain runs CometBFT, so its blocks and signatures are read from its CometBFT RPC by the
 * core. Its validators are <em>authorities</em> admitted by a registry, which publishes them, and the
 * chain's liveness rule, at one URL:
 *
 * <pre>{@code
 * GET <registry>/authorities
 *
 * {
 *   "height": "120",
 *   "liveness": {"window": "50", "max_missed": "25"},
 *   "authorities": [
 *     {"name": "alice", "pub_key": "<base64 ed25519 key>", "power": "40", "missed": "0", "active": true},
 *     {"name": "carol", "pub_key": "<base64 ed25519 key>", "power": "20", "missed": "17", "active": true}
 *   ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code height}: the block the answer describes;
 *   <li>{@code liveness}: an authority may miss {@code max_missed} of the last {@code window} blocks; the
 *       next miss switches it off ({@code active: false}) until the registry admits it again;
 *   <li>{@code power}: the authority's CometBFT voting power while active;
 *   <li>{@code missed}: the registry's own count of the authority's misses in the window.
 * </ul>
 *
 * <p>Whole numbers are strings, as in CometBFT's JSON. The plugin's id is {@code example-poa}; its one
 * option, {@code registry}, is the registry's base URL.
 */
package io.valwatch.examples.poa;
