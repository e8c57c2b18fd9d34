package io.valwatch.action;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every action's {@link ActionState} across restarts, and the requests to re-arm an action. Safe to
 * share between actions and threads.
 */
public interface ActionStore {
  /**
   * Every action's state when it was last saved.
   *
   * @throws IllegalStateException when the stored state cannot be read: an action must never start armed
   *     because its record of having run was lost
   */
  Map<String, ActionState> load();

  /**
   * Replaces one action's state, durably before it returns.
   *
   * @throws java.io.UncheckedIOException when it could not be written
   */
  void save(String action, ActionState state);

  /** Asks, from any process, that an action be re-armed; the engine that runs it applies it. */
  void requestRearm(String action);

  /** The actions asked to be re-armed since the last call; each request is returned once. */
  Set<String> takeRearmRequests();

  /** The actions asked to be re-armed and not yet taken, without taking them. */
  Set<String> rearmRequests();

  /**
   * A store in {@code dir}: the states in {@code actions.json}, replaced atomically and forced to disk on
   * every save, and a re-arm request as an empty file named after the action in {@code actions.rearm/}. A
   * store keeps what it wrote in memory and rewrites the whole file: let every engine of a process share one
   * store per directory. Other processes only ever write re-arm requests.
   */
  static ActionStore inDirectory(Path dir) {
    return new ActionFile(dir);
  }

  /** A store that forgets everything when the process ends. */
  static ActionStore inMemory() {
    Map<String, ActionState> states = new ConcurrentHashMap<>();
    Set<String> rearms = ConcurrentHashMap.newKeySet();
    return new ActionStore() {
      @Override
      public Map<String, ActionState> load() {
        return Map.copyOf(states);
      }

      @Override
      public void save(String action, ActionState state) {
        states.put(action, state);
      }

      @Override
      public void requestRearm(String action) {
        rearms.add(action);
      }

      @Override
      public Set<String> takeRearmRequests() {
        Set<String> taken = Set.copyOf(rearms);
        rearms.removeAll(taken);
        return taken;
      }

      @Override
      public Set<String> rearmRequests() {
        return Set.copyOf(rearms);
      }
    };
  }
}
