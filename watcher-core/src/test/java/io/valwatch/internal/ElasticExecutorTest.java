package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElasticExecutorTest {
  private ElasticExecutor executor = new ElasticExecutor("elastic-test", Duration.ofSeconds(5));

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shortTasksArrivingTogetherRunOnAFewThreadsNotOneEach() throws Exception {
    executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
    Set<Thread> used = ConcurrentHashMap.newKeySet();
    int tasks = 200;
    CountDownLatch done = new CountDownLatch(tasks);
    for (int i = 0; i < tasks; i++) {
      executor.execute(() -> {
        used.add(Thread.currentThread());
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(200);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        done.countDown();
      });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    // A pool that hands each task to an idle thread or a new one uses about as many threads as tasks overlap.
    assertThat(used.size()).as("threads for %d tasks of 0.2 ms arriving together", tasks).isLessThanOrEqualTo(20);
  }

  @Test
  void aBlockedTaskHoldsOnlyItsOwnThread() throws Exception {
    executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    Future<?> blocker = executor.submit(() -> {
      blocked.countDown();
      release.await();
      return null;
    });
    // Queued right behind it, while the idle thread is still on its way to the blocker.
    Future<?> behind = executor.submit(() -> {});
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    Future<?> later = executor.submit(() -> {});

    behind.get(5, TimeUnit.SECONDS);
    later.get(5, TimeUnit.SECONDS);
    assertThat(blocker).isNotDone();
    release.countDown();
    blocker.get(5, TimeUnit.SECONDS);
  }

  @Test
  void idleThreadsEnd() throws Exception {
    shutDown();
    executor = new ElasticExecutor("elastic-test", Duration.ofMillis(100));
    CountDownLatch release = new CountDownLatch(1);
    // Each blocks its thread, and arrives once the one before runs: each of the three gets a thread.
    for (int i = 0; i < 3; i++) {
      CountDownLatch running = new CountDownLatch(1);
      executor.execute(() -> {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    }
    awaitThreads(3);
    release.countDown();
    awaitThreads(0);
    executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
  }

  private void awaitThreads(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (executor.threads() != n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(executor.threads()).isEqualTo(n);
  }

  @Test
  void shutdownNowInterruptsRunningTasksAndRefusesNewOnes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    executor.execute(() -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    executor.shutdownNow();

    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    Assertions.assertThatThrownBy(() -> executor.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void shutdownRunsWhatWasQueuedThenEnds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ran = new CountDownLatch(5);
    executor.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.countDown();
    });
    for (int i = 0; i < 4; i++) {
      executor.execute(ran::countDown);
    }

    executor.shutdown();
    release.countDown();

    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran.getCount()).isZero();
  }
}
