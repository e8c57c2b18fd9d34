package io.valwatch.simnet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that only moves when told to, for driving a watcher or plugin against a simulated chain: every
 * poll, refresh and hold-down then happens when the test says, not when the wall clock does. Safe to read
 * from other threads while the test moves it.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock that reads {@code start} until moved. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** Moves the clock forward by {@code duration} (back when negative). */
  public void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Not supported: the clock is always UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a ManualClock is always UTC");
  }
}
