package io.valwatch.spi;

import java.io.IOException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Requests for coming heights sent ahead of time, so that a block source keeps several requests in flight
 * while the chain's thread still takes heights strictly in order. At most {@code maxInFlight} heights are
 * held at once, answered or not, which bounds both the load on the endpoints and the memory held. With a
 * {@code maxInFlight} of 1 nothing is sent ahead: the one request in flight is the chain thread's own. Each
 * request carries a tag, such as the endpoint it went to, so that its outcome can be credited there.
 *
 * <p>Used from one thread, the chain's; only the requests themselves run on the executor.
 *
 * @param <T> what a request returns, such as a block
 */
public final class FetchAhead<T> {
  /** One request, run on the executor. */
  public interface Request<T> {
    T fetch() throws IOException;
  }

  /**
   * The outcome of a request sent ahead: {@code value} or {@code failure}, and the tag given with it.
   *
   * @param <T> what the request returned
   */
  public record Outcome<T>(Object tag, T value, IOException failure) {}

  private final Executor executor;
  private final int maxInFlight;
  private final TreeMap<Long, Sent<T>> sent = new TreeMap<>();

  private record Sent<T>(Object tag, CompletableFuture<T> result) {}

  /**
   * @param executor runs the requests; its threads block for as long as a request takes
   * @param maxInFlight the most heights requested ahead and not yet taken, at least 1
   */
  public FetchAhead(Executor executor, int maxInFlight) {
    this.executor = Objects.requireNonNull(executor, "executor");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /** Whether another height may be requested now. */
  public boolean hasRoom() {
    return maxInFlight > 1 && sent.size() < maxInFlight;
  }

  /** Whether {@code height} was requested and not taken yet. */
  public boolean has(long height) {
    return sent.containsKey(height);
  }

  /**
   * Requests {@code height} ahead; false when there is no room, it was already requested, or the executor
   * refused the request.
   */
  public boolean send(long height, Object tag, Request<T> request) {
    if (!hasRoom() || sent.containsKey(height)) {
      return false;
    }
    CompletableFuture<T> result;
    try {
      result =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return request.fetch();
                } catch (IOException e) {
                  throw new CompletionException(e);
                }
              },
              executor);
    } catch (RejectedExecutionException e) {
      return false;
    }
    sent.put(height, new Sent<>(tag, result));
    return true;
  }

  /**
   * Waits for the request sent ahead for {@code height} and forgets it; null when none was sent. Requests
   * for lower heights, no longer needed, are forgotten too.
   *
   * @throws InterruptedException when the chain's thread is interrupted while waiting
   */
  public Outcome<T> take(long height) throws InterruptedException {
    sent.headMap(height).clear();
    Sent<T> s = sent.remove(height);
    if (s == null) {
      return null;
    }
    try {
      return new Outcome<>(s.tag(), s.result().get(), null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        return new Outcome<>(s.tag(), null, io);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Forgets every request, answered or not. */
  public void clear() {
    sent.clear();
  }
}
