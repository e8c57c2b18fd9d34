/**
 * Actions: automatic responses to what the watcher sees, held back by interlocks. An {@link
 * io.valwatch.action.Action} joins a {@link io.valwatch.action.Trigger} (when an episode begins and ends) and
 * an {@link io.valwatch.action.Effect} (what it does); the {@link io.valwatch.action.ActionEngine} runs it at
 * most once per episode, never while disarmed or within its cooldown, only once another endpoint confirms
 * the trigger when the chain has one, and records each run in the {@link io.valwatch.action.ActionStore}
 * before it starts.
 *
 * <p>Stability: new in this release; the interfaces may still gain methods with defaults.
 */
package io.valwatch.action;
