package io.valwatch.internal.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code alerts.json}: every chain's firing alerts in one small file, rewritten whole through a temporary
 * file and an atomic move, so a crash leaves either the old or the new content.
 *
 * <pre>{@code
 * {"version": 1, "chains": {"cosmoshub-4": [{"subject": "cosmosvaloper1...", "kind": "jail_imminent",
 *   "severity": "WARNING", "summary": "...", "description": "...", "firing_since": "2024-...Z",
 *   "last_notified_at": "2024-...Z", "labels": {"moniker": "..."}}]}}
 * }</pre>
 */
final class AlertFile implements AlertStore {
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(AlertFile.class);

  private final Path file;
  private Map<String, List<StoredAlert>> byChain;

  AlertFile(Path file) {
    this.file = file;
  }

  @Override
  public synchronized List<StoredAlert> load(String chainId) {
    return all().getOrDefault(chainId, List.of());
  }

  @Override
  public synchronized void save(String chainId, List<StoredAlert> alerts) {
    Map<String, List<StoredAlert>> all = all();
    all.put(chainId, List.copyOf(alerts));
    write(all);
  }

  /**
   * Every chain's stored alerts, read once. A file that cannot be used is reported, moved aside for
   * inspection and replaced by an empty state: the watcher starts as if no alert had fired, rather than
   * not at all.
   */
  private Map<String, List<StoredAlert>> all() {
    if (byChain == null) {
      byChain = new LinkedHashMap<>();
      if (Files.exists(file)) {
        try {
          byChain = read();
        } catch (IllegalStateException | UncheckedIOException e) {
          log.error("{}; {}; firing alerts start afresh (their notifications may repeat)", e.getMessage(), setAside());
        }
      }
    }
    return byChain;
  }

  private String setAside() {
    Path aside = file.resolveSibling(file.getFileName() + ".unusable");
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      return "moved to " + aside.getFileName();
    } catch (IOException e) {
      return "could not be moved aside (" + e.getMessage() + ")";
    }
  }

  private Map<String, List<StoredAlert>> read() {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw corrupt("it is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read alert state " + file, e);
    }
    if (root == null || root.path("version").asInt() != VERSION || !root.path("chains").isObject()) {
      throw corrupt("expected {\"version\": " + VERSION + ", \"chains\": {...}}");
    }
    Map<String, List<StoredAlert>> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("chains").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> chain = it.next();
      List<StoredAlert> alerts = new ArrayList<>();
      int i = 0;
      for (JsonNode a : chain.getValue()) {
        alerts.add(alert(chain.getKey(), a, "chains." + chain.getKey() + "[" + i++ + "]"));
      }
      result.put(chain.getKey(), alerts);
    }
    return result;
  }

  private StoredAlert alert(String chainId, JsonNode a, String where) {
    try {
      Map<String, String> labels = new LinkedHashMap<>();
      a.path("labels").fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
      Alert alert =
          new Alert(
              new AlertKey(chainId, text(a, "subject", where), text(a, "kind", where)),
              Severity.valueOf(text(a, "severity", where)),
              Alert.State.FIRING,
              text(a, "summary", where),
              text(a, "description", where),
              Instant.parse(text(a, "firing_since", where)),
              labels);
      return new StoredAlert(alert, Instant.parse(text(a, "last_notified_at", where)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw corrupt(where + ": " + e.getMessage());
    }
  }

  private String text(JsonNode a, String field, String where) {
    JsonNode v = a.get(field);
    if (v == null || !v.isTextual()) {
      throw corrupt(where + "." + field + " is missing or not a string");
    }
    return v.asText();
  }

  private IllegalStateException corrupt(String what) {
    return new IllegalStateException("alert state " + file + " is corrupt: " + what);
  }

  private void write(Map<String, List<StoredAlert>> all) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode chains = root.putObject("chains");
    all.forEach(
        (chainId, alerts) -> {
          ArrayNode list = chains.putArray(chainId);
          for (StoredAlert s : alerts) {
            Alert a = s.alert();
            ObjectNode n = list.addObject();
            n.put("subject", a.key().subject());
            n.put("kind", a.key().kind());
            n.put("severity", a.severity().name());
            n.put("summary", a.summary());
            n.put("description", a.description());
            n.put("firing_since", a.firingSince().toString());
            n.put("last_notified_at", s.lastNotifiedAt().toString());
            ObjectNode labels = n.putObject("labels");
            a.labels().forEach(labels::put);
          }
        });
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write alert state " + file, e);
    }
  }
}
