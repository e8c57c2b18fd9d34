package io.valwatch.it;

import io.valwatch.Watcher;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A watcher in a JVM of its own, for tests that kill it. Arguments: the chain id, the simulator's RPC URL, the
 * state directory, then the identities to track. Prints {@code processed <height>} for every height, and
 * spends {@value #MILLIS_PER_HEIGHT} ms on each so that a catch-up lasts long enough to be interrupted.
 */
final class WatcherProcess {
  static final String PROCESSED = "processed ";
  private static final long MILLIS_PER_HEIGHT = 2;

  private WatcherProcess() {}

  public static void main(String[] args) throws InterruptedException {
    ChainSpec.Builder spec = Watching.specFor(args[0], args[1]);
    for (int i = 3; i < args.length; i++) {
      spec.track(args[i]);
    }
    Watcher watcher =
        Watcher.builder()
            .chain(spec.build())
            .stateDirectory(Path.of(args[2]))
            .listener(new WatcherListener() {
              @Override
              public void onBlockProcessed(BlockProcessed event) {
                System.out.println(PROCESSED + event.height());
                System.out.flush();
                try {
                  Thread.sleep(MILLIS_PER_HEIGHT);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            })
            .build();
    watcher.start();
    Thread.sleep(Duration.ofMinutes(5).toMillis());
  }
}
