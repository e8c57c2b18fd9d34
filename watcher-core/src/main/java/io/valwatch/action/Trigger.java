package io.valwatch.action;

import io.valwatch.event.WatcherListener;

/**
 * Decides, from the watcher's events, when an episode that calls for an action begins and when it ends.
 * {@link AlertTrigger} follows alerts; a trigger of its own (a rule over the blocks a validator missed, say)
 * implements this.
 */
public interface Trigger {
  /**
   * A listener that reports episodes to {@code episodes}. Called once per action when the engine is built;
   * the listener is then called on the chains' threads, like any {@link WatcherListener}, and must return
   * quickly: the engine does the work elsewhere.
   */
  WatcherListener listen(Episodes episodes);

  /** What it reacts to, in a few words, for logs and {@code valwatch actions status}. */
  String describe();

  /** Where a trigger reports. Safe to call from any thread. */
  interface Episodes {
    /**
     * An episode began (or, reported again, goes on: for example an alert escalated). Reporting the same
     * episode twice is harmless: an action runs at most once per episode.
     */
    void began(Occurrence occurrence);

    /** The episode is over: an action still waiting for confirmation of it no longer runs. */
    void ended(String episode);
  }
}
