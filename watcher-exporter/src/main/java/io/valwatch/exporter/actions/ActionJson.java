package io.valwatch.exporter.actions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.action.ActionState;
import io.valwatch.action.ActionStatus;
import java.time.Instant;

/**
 * An action's state as JSON, with the names that {@code GET /api/v1/status} and {@code valwatch actions status
 * --output json} share (docs/status-api.md). Neither the effect nor the detail of an attempt is written: they
 * can carry a command's output and internal addresses, and {@code /api/v1/status} is served to whoever may
 * read the metrics. {@code actions status} adds them.
 */
public final class ActionJson {
  private ActionJson() {}

  public static ObjectNode of(ActionStatus action) {
    ActionState s = action.state();
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", action.name());
    n.put("armed", s.armed());
    n.put("running", s.running());
    n.put("dry_run", action.dryRun());
    n.put("disarmed_at", s.disarmedAt().map(Instant::toString).orElse(null));
    n.put("last_run_at", s.lastRunAt().map(Instant::toString).orElse(null));
    n.put("cooldown_until", action.cooldownUntil().map(Instant::toString).orElse(null));
    if (s.lastAttempt().isPresent()) {
      ActionState.Attempt last = s.lastAttempt().get();
      ObjectNode l = n.putObject("last_attempt");
      l.put("at", last.at().toString());
      l.put("episode", last.episode());
      l.put("outcome", last.outcome().label());
    } else {
      n.putNull("last_attempt");
    }
    action.awaitingConfirmation().forEach(n.putArray("awaiting_confirmation")::add);
    n.put("trigger", action.trigger());
    return n;
  }
}
