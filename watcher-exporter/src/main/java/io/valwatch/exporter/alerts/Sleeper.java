package io.valwatch.exporter.alerts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between delivery attempts; tests replace it so that they do not wait. */
interface Sleeper {
  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  void sleep(Duration duration) throws InterruptedException;
}
