package io.valwatch.internal.risk;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps every chain's firing alerts across restarts. Safe to share between chains. */
public interface AlertStore {
  /** The alerts a chain had firing when it last saved; empty when none. */
  List<StoredAlert> load(String chainId);

  /** Replaces a chain's firing alerts. */
  void save(String chainId, List<StoredAlert> alerts);

  /** A store that forgets everything when the process ends. */
  static AlertStore inMemory() {
    Map<String, List<StoredAlert>> byChain = new ConcurrentHashMap<>();
    return new AlertStore() {
      @Override
      public List<StoredAlert> load(String chainId) {
        return byChain.getOrDefault(chainId, List.of());
      }

      @Override
      public void save(String chainId, List<StoredAlert> alerts) {
        byChain.put(chainId, List.copyOf(alerts));
      }
    };
  }

  /** A store in {@code alerts.json} in {@code dir}, replaced atomically on every save. */
  static AlertStore inDirectory(Path dir) {
    return new AlertFile(dir.resolve("alerts.json"));
  }
}
