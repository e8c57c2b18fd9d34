/**
 * A fault-injection proxy for end-to-end tests: {@link io.valwatch.simnet.fault.FaultProxy} stands between
 * a client and a CometBFT RPC on 127.0.0.1 (HTTP and {@code /websocket}) and applies
 * {@link io.valwatch.simnet.fault.FaultRule}s, each naming the calls it matches and the
 * {@link io.valwatch.simnet.fault.Fault} to apply: latency, 429/503 with {@code Retry-After}, a rate limit,
 * resets, truncated or huge bodies, huge errors, lies in {@code /status} and in pushed blocks, a pruned
 * node's "lowest height" error, redirects to another host, echoed request secrets, and websockets that go
 * silent or send a huge frame. Rules are added, removed and healed while clients stay connected, so a test can
 * inject a fault, heal it, and compare what the client reports with the simulator's truth.
 */
package io.valwatch.simnet.fault;
