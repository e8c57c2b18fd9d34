package io.valwatch.internal;

import io.valwatch.ChainSpec;
import io.valwatch.ChainStatus;
import io.valwatch.event.WatcherListener;
import io.valwatch.spi.ChainPlugin;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/** SCAFFOLD: replaced by the real runner. */
public final class ChainRunner {
  private final ChainSpec spec;

  public ChainRunner(
      ChainSpec spec,
      ChainPlugin plugin,
      OkHttpClient http,
      ScheduledExecutorService scheduler,
      Clock clock,
      CursorStore cursors,
      List<WatcherListener> listeners) {
    this.spec = spec;
  }

  public void start() {}

  public ChainStatus status() {
    throw new UnsupportedOperationException(spec.chainId());
  }

  public void close() {}
}
