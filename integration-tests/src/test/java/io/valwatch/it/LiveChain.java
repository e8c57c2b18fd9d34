package io.valwatch.it;

import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A simulated chain served on 127.0.0.1 that produces a block every {@code blockTime} while running, and
 * keeps its truth after every block in a {@link ChainHistory}.
 */
final class LiveChain implements AutoCloseable {
  private final ChainHistory history;
  private final SimnetServer server;
  private final Duration blockTime;
  private final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "live-chain-producer");
    t.setDaemon(true);
    return t;
  });
  private ScheduledFuture<?> running;

  /** Serves {@code chain} (at genesis) over the CometBFT RPC only, with the websocket route. */
  LiveChain(SimulatedChain chain, Duration blockTime) throws IOException {
    this.history = new ChainHistory(chain);
    this.server = SimnetServer.builder(chain).grpc(false).rest(false).start();
    this.blockTime = blockTime;
  }

  SimnetServer server() {
    return server;
  }

  SimulatedChain chain() {
    return history.chain();
  }

  ChainHistory history() {
    return history;
  }

  long latestHeight() {
    return history.latestHeight();
  }

  /** Produces {@code n} blocks at once. */
  void produce(int n) {
    history.produce(n);
  }

  /** Starts producing a block every block time. */
  synchronized void run() {
    if (running == null) {
      long nanos = blockTime.toNanos();
      running = producer.scheduleAtFixedRate(() -> history.produce(1), nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Stops producing; returns once no block is being produced. */
  synchronized void pause() {
    if (running != null) {
      running.cancel(false);
      running = null;
      try {
        // A block being produced finishes before the queued marker runs.
        producer.submit(() -> { }).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the producer did not stop", e);
      }
    }
  }

  /** Waits until the chain reaches {@code height} while running. */
  void awaitHeight(long height) {
    Watching.awaitTrue(() -> latestHeight() >= height, "chain height " + height);
  }

  @Override
  public void close() {
    producer.shutdownNow();
    server.close();
  }
}
