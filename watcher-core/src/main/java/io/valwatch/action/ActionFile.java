package io.valwatch.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link ActionStore} in a state directory. A save rewrites the whole of {@code actions.json} (a few
 * kilobytes) to a temporary file, forces it to disk and moves it over the old one, so that a crash or a
 * power cut leaves the old or the new record, never a torn one and never a run that is not on disk.
 */
final class ActionFile implements ActionStore {
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path rearmDir;
  /** Every action's state as last loaded or saved; guarded by this. */
  private Map<String, ActionState> states;

  ActionFile(Path dir) {
    this.file = dir.resolve("actions.json");
    this.rearmDir = dir.resolve("actions.rearm");
  }

  @Override
  public synchronized Map<String, ActionState> load() {
    if (states == null) {
      states = read();
    }
    return Map.copyOf(states);
  }

  @Override
  public synchronized void save(String action, ActionState state) {
    Map<String, ActionState> next = new TreeMap<>(load());
    next.put(action, state);
    write(next);
    states = next;
  }

  @Override
  public void requestRearm(String action) {
    if (!Action.validName(action)) {
      throw new IllegalArgumentException("no action can be called '" + action + "'");
    }
    try {
      Files.createDirectories(rearmDir);
      Files.writeString(rearmDir.resolve(action), "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a re-arm request in " + rearmDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Set<String> takeRearmRequests() {
    Set<String> taken = new TreeSet<>();
    for (String name : rearmRequests()) {
      try {
        Files.delete(rearmDir.resolve(name));
        taken.add(name);
      } catch (NoSuchFileException e) {
        // taken by someone else meanwhile
      } catch (IOException e) {
        // Left in place: taking it without deleting it would re-arm again after every later run.
        throw new UncheckedIOException(
            "cannot remove the re-arm request " + rearmDir.resolve(name) + ": " + e.getMessage(), e);
      }
    }
    return taken;
  }

  @Override
  public Set<String> rearmRequests() {
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(rearmDir)) {
      return names;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(rearmDir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (Action.validName(name) && Files.isRegularFile(p)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the re-arm requests in " + rearmDir + ": " + e.getMessage(), e);
    }
    return names;
  }

  private Map<String, ActionState> read() {
    Map<String, ActionState> result = new TreeMap<>();
    if (!Files.exists(file)) {
      return result;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null || root.path("version").asInt() != VERSION || !root.path("actions").isObject()) {
        throw new IllegalStateException("not an action state file of version " + VERSION);
      }
      for (Map.Entry<String, JsonNode> e : root.get("actions").properties()) {
        result.put(e.getKey(), state(e.getValue()));
      }
      return result;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the action state " + file + " cannot be read (" + e.getMessage() + "); it records which actions ran"
              + " and are disarmed, so valwatch does not start without it: repair or remove it, knowing that"
              + " removing it re-arms every action",
          e);
    }
  }

  private static ActionState state(JsonNode n) {
    List<String> episodes = new ArrayList<>();
    n.path("episodes").forEach(e -> episodes.add(e.asText()));
    JsonNode last = n.path("last_attempt");
    Optional<ActionState.Attempt> attempt =
        last.isObject()
            ? Optional.of(
                new ActionState.Attempt(
                    Instant.parse(last.path("at").asText()),
                    last.path("episode").asText(),
                    Outcome.ofLabel(last.path("outcome").asText()),
                    last.path("detail").asText()))
            : Optional.empty();
    if (!n.path("armed").isBoolean()) {
      throw new IllegalStateException("an action without 'armed'");
    }
    List<ActionState.Awaiting> awaiting = new ArrayList<>();
    n.path("awaiting").forEach(w -> awaiting.add(awaiting(w)));
    return new ActionState(
        n.get("armed").asBoolean(),
        instant(n, "disarmed_at"),
        instant(n, "last_run_at"),
        attempt,
        episodes,
        n.path("running").asBoolean(false),
        awaiting);
  }

  private static ActionState.Awaiting awaiting(JsonNode w) {
    Map<String, String> labels = new TreeMap<>();
    w.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    Occurrence o = new Occurrence(
        text(w, "episode"),
        text(w, "chain"),
        text(w, "subject"),
        text(w, "kind"),
        Severity.valueOf(text(w, "severity").toUpperCase(Locale.ROOT)),
        text(w, "summary"),
        text(w, "description"),
        instant(w, "firing_since").orElseThrow(() -> new IllegalStateException("an awaited episode without 'firing_since'")),
        labels);
    return new ActionState.Awaiting(o, Outcome.ofLabel(text(w, "reported")));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalStateException("an awaited episode without '" + field + "'");
    }
    return v.asText();
  }

  private static Optional<Instant> instant(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v.asText()));
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(field + ": " + e.getMessage(), e);
    }
  }

  /** An awaited episode under the names of the alert webhook's body, as an effect passes it on. */
  private static void write(ObjectNode n, String action, ActionState.Awaiting a) {
    OccurrenceFields.of(action, a.occurrence()).forEach(n::put);
    ObjectNode labels = n.putObject("labels");
    new TreeMap<>(a.occurrence().labels()).forEach(labels::put);
    n.put("reported", a.reported().label());
  }

  private void write(Map<String, ActionState> all) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode actions = root.putObject("actions");
    all.forEach(
        (name, s) -> {
          ObjectNode n = actions.putObject(name);
          n.put("armed", s.armed());
          s.disarmedAt().ifPresent(t -> n.put("disarmed_at", t.toString()));
          s.lastRunAt().ifPresent(t -> n.put("last_run_at", t.toString()));
          n.put("running", s.running());
          s.lastAttempt().ifPresent(a -> {
            ObjectNode last = n.putObject("last_attempt");
            last.put("at", a.at().toString());
            last.put("episode", a.episode());
            last.put("outcome", a.outcome().label());
            last.put("detail", a.detail());
          });
          s.episodes().forEach(n.putArray("episodes")::add);
          if (!s.awaiting().isEmpty()) {
            ArrayNode awaiting = n.putArray("awaiting");
            s.awaiting().forEach(a -> write(awaiting.addObject(), name, a));
          }
        });
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      try (FileChannel ch =
          FileChannel.open(
              tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the action state " + file + ": " + e.getMessage(), e);
    }
  }
}
