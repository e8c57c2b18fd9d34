package io.valwatch.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain plugins a watcher can use. {@link #loadInstalled(ClassLoader)} finds the ones on a class path;
 * {@link #register(ChainPlugin)} adds one by hand, for tests and embedded use. Thread-safe.
 */
public final class ChainPluginRegistry {
  private static final Logger log = LoggerFactory.getLogger(ChainPluginRegistry.class);
  private static final Comparator<ChainPlugin> ORDER =
      Comparator.comparingInt(ChainPlugin::priority)
          .reversed()
          .thenComparing(p -> p.getClass().getName());

  private final List<ChainPlugin> plugins = new ArrayList<>();

  /** An empty registry. */
  public ChainPluginRegistry() {}

  /**
   * A registry with every available plugin that {@link ServiceLoader} finds through {@code loader}. A
   * provider that cannot be loaded (a broken jar, a missing class) is logged and left out, so one bad
   * plugin does not stop the others.
   */
  public static ChainPluginRegistry loadInstalled(ClassLoader loader) {
    ChainPluginRegistry registry = new ChainPluginRegistry();
    Iterator<ChainPlugin> it = ServiceLoader.load(ChainPlugin.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        registry.register(it.next());
      } catch (ServiceConfigurationError e) {
        log.error("A chain plugin could not be loaded and is skipped: {}", e.getMessage());
      }
    }
    return registry;
  }

  /** Adds a plugin; one that is not available is logged and left out. */
  public synchronized void register(ChainPlugin plugin) {
    if (!plugin.isAvailable()) {
      log.info("Chain plugin {} ({}) is not available here; skipped", plugin.id(), plugin.getClass().getName());
      return;
    }
    plugins.add(plugin);
    plugins.sort(ORDER);
  }

  /** The plugin chosen for an id: the one with the highest priority, then the first class name. */
  public synchronized Optional<ChainPlugin> find(String id) {
    return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Every registered plugin, one per id, in priority order. */
  public synchronized List<ChainPlugin> plugins() {
    Map<String, ChainPlugin> byId = new LinkedHashMap<>();
    for (ChainPlugin p : plugins) {
      byId.putIfAbsent(p.id(), p);
    }
    return List.copyOf(byId.values());
  }
}
