package io.valwatch.simnet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts served requests by name across the RPC, gRPC and REST transports of one server. */
final class RequestCounter {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void count(String name) {
    counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
  }

  long get(String name) {
    AtomicLong count = counts.get(name);
    return count == null ? 0 : count.get();
  }
}
