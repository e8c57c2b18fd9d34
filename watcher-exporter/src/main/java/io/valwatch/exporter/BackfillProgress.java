package io.valwatch.exporter;

import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how a long start-up backfill is going: while a chain's last processed height is more than {@link
 * #LARGE_BACKLOG} heights behind its endpoints, every few seconds how many blocks are left, the processing
 * rate and the time left; once when it has caught up. Reads only the watcher's public status snapshots.
 */
final class BackfillProgress implements AutoCloseable {
  /** Backlogs above this many heights are reported. */
  static final long LARGE_BACKLOG = 500;

  private static final Duration EVERY = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(BackfillProgress.class);

  private final Map<String, Sample> lastSeen = new HashMap<>();
  private final ScheduledExecutorService scheduler;

  /** Where a chain stood at one observation. */
  private record Sample(Instant at, long height, long backlog) {}

  BackfillProgress() {
    this.scheduler = null;
  }

  private BackfillProgress(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Starts logging the progress of the chains {@code status} describes, on a daemon thread. */
  static BackfillProgress start(Supplier<List<ChainStatus>> status) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "valwatch-backfill-progress");
              t.setDaemon(true);
              return t;
            });
    BackfillProgress progress = new BackfillProgress(scheduler);
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            progress.observe(status.get(), Instant.now()).forEach(log::info);
          } catch (RuntimeException e) {
            log.warn("cannot report backfill progress", e);
          }
        },
        EVERY.toMillis(),
        EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    return progress;
  }

  /**
   * The lines to log for the snapshots {@code chains} taken at {@code now}. Only chains with a large backlog,
   * or that just left one, get a line.
   */
  List<String> observe(List<ChainStatus> chains, Instant now) {
    List<String> lines = new ArrayList<>();
    for (ChainStatus chain : chains) {
      OptionalLong endpointHeight =
          chain.endpoints().stream()
              .filter(EndpointStatus::up)
              .flatMapToLong(e -> e.height().stream())
              .max();
      if (chain.latestHeight().isEmpty() || endpointHeight.isEmpty()) {
        continue;
      }
      long height = chain.latestHeight().getAsLong();
      long newest = endpointHeight.getAsLong();
      long backlog = Math.max(0, newest - height);
      Sample previous = lastSeen.get(chain.chainId());
      if (backlog <= LARGE_BACKLOG) {
        if (lastSeen.remove(chain.chainId()) != null) {
          lines.add(String.format(Locale.ROOT, "chain %s: caught up at height %,d", chain.chainId(), height));
        }
        continue;
      }
      lastSeen.put(chain.chainId(), new Sample(now, height, backlog));
      String behind =
          String.format(
              Locale.ROOT,
              "chain %s: catching up, %,d blocks left (at height %,d of %,d)",
              chain.chainId(), backlog, height, newest);
      double seconds = previous == null ? 0 : Duration.between(previous.at(), now).toNanos() / 1e9;
      if (seconds <= 0) {
        lines.add(behind + ", measuring the rate");
        continue;
      }
      double rate = (height - previous.height()) / seconds;
      double closing = (previous.backlog() - backlog) / seconds;
      String left =
          closing > 0
              ? "about " + humanDuration(Duration.ofSeconds((long) Math.ceil(backlog / closing))) + " left"
              : "not gaining on the chain";
      lines.add(String.format(Locale.ROOT, "%s, %.1f blocks/s, %s", behind, rate, left));
    }
    return lines;
  }

  /** Like {@code 1h 02m}, {@code 3m 20s} or {@code 45s}. */
  static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return seconds + "s";
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
