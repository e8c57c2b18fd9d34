package io.valwatch.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs tasks that may block (on the network, say) on as few threads as keep up, for callers that hand it tasks
 * regularly, as the chains' timer does every tick. A task arriving while no thread is on its way to the queue
 * wakes one: the one idle the shortest time, or a new one when none is idle; tasks arriving meanwhile wait for
 * it and the threads that finish their task. A thread idle for {@code keepAlive} ends.
 *
 * <p>So tasks arriving together run one after another on one thread rather than each waking a thread of its
 * own, and the threads idle the longest end, where a pool that hands each task to a waiting thread at once keeps
 * every thread it ever needed alive as long as tasks keep coming. A task that blocks holds only its own thread:
 * the next arrival finds no thread on its way and wakes another for the tasks behind it.
 */
public final class ElasticExecutor extends AbstractExecutorService {
  private final String threadName;
  private final long keepAliveNanos;
  /** Guards everything below. */
  private final Object lock = new Object();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** Idle threads, the most recently idle first. */
  private final ArrayDeque<Thread> idle = new ArrayDeque<>();
  /** Threads woken or started that have not yet looked at the queue. */
  private final Set<Thread> waking = new HashSet<>();
  private final Set<Thread> threads = new HashSet<>();
  private boolean shutdown;

  public ElasticExecutor(String threadName, Duration keepAlive) {
    this.threadName = threadName;
    this.keepAliveNanos = keepAlive.toNanos();
  }

  @Override
  public void execute(Runnable task) {
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException(threadName + " threads are shut down");
      }
      queue.add(task);
      if (waking.isEmpty()) {
        Thread next = idle.pollFirst();
        if (next == null) {
          next = new Thread(this::work, threadName);
          next.setDaemon(true);
          threads.add(next);
          next.start();
        }
        waking.add(next);
        LockSupport.unpark(next);
      }
    }
  }

  /** How many threads there are now, idle or not. */
  int threads() {
    synchronized (lock) {
      return threads.size();
    }
  }

  private void work() {
    Thread self = Thread.currentThread();
    try {
      for (Runnable task; (task = next(self)) != null; ) {
        try {
          task.run();
        } catch (Throwable e) {
          self.getUncaughtExceptionHandler().uncaughtException(self, e);
        }
        Thread.interrupted(); // a cancelled task's interrupt is not the next task's
      }
    } finally {
      synchronized (lock) {
        threads.remove(self);
        waking.remove(self);
        idle.remove(self);
        lock.notifyAll();
      }
    }
  }

  /** The next task; {@code null} when this thread is to end. */
  private Runnable next(Thread self) {
    long idleSince = System.nanoTime();
    while (true) {
      synchronized (lock) {
        waking.remove(self);
        Runnable task = queue.poll();
        if (task != null) {
          idle.remove(self);
          return task;
        }
        if (shutdown || System.nanoTime() - idleSince >= keepAliveNanos) {
          idle.remove(self);
          return null;
        }
        if (!idle.contains(self)) {
          idle.addFirst(self);
        }
      }
      Thread.interrupted(); // a cancellation that came late; shutdownNow is seen above
      LockSupport.parkNanos(this, keepAliveNanos - (System.nanoTime() - idleSince));
    }
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      idle.forEach(LockSupport::unpark); // the busy end once the queue is empty
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    synchronized (lock) {
      shutdown = true;
      List<Runnable> never = new ArrayList<>(queue);
      queue.clear();
      threads.forEach(Thread::interrupt);
      idle.forEach(LockSupport::unpark);
      return never;
    }
  }

  @Override
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  @Override
  public boolean isTerminated() {
    synchronized (lock) {
      return shutdown && threads.isEmpty();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (!(shutdown && threads.isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }
}
