package io.valwatch.action;

/**
 * What an action does: run a command, post to a URL, broadcast a transaction. The engine calls it at most
 * once per episode, on the action's own thread, after every interlock has let it through.
 */
public interface Effect {
  /**
   * Does it, once, and returns when it is done or has given up: an effect bounds its own time (a command's
   * timeout, a request's). It should not retry anything whose first attempt may have had an effect.
   *
   * @param action the action's name
   * @param occurrence the episode it runs for
   * @throws InterruptedException when the engine is closing; the outcome is then unknown
   */
  EffectResult run(String action, Occurrence occurrence) throws InterruptedException;

  /** What it does, in a few words and without any secret, for logs, dry runs and the status. */
  String describe();
}
