package io.valwatch.exporter;

import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chain plugins dropped into a directory as jars, added to the ones the exporter ships. Every {@code *.jar}
 * in the directory joins one class loader whose parent is the exporter's, so a plugin sees the core it was
 * built against and {@link ChainPluginRegistry#loadInstalled(ClassLoader)} finds built-in and dropped-in
 * plugins alike. A jar that cannot be read is logged and left out.
 */
final class PluginDirectory {
  /** The directory looked for next to the exporter's jar when none is given. */
  static final String DEFAULT_NAME = "plugins";

  private static final Logger log = LoggerFactory.getLogger(PluginDirectory.class);

  private PluginDirectory() {}

  /**
   * The {@code plugins/} directory next to the jar {@code codeSource} names, if it exists. Empty when the
   * exporter does not run from a jar (from a build's class directory, say).
   */
  static Optional<Path> besideJar(Path codeSource) {
    if (!Files.isRegularFile(codeSource) || codeSource.getParent() == null) {
      return Optional.empty();
    }
    Path dir = codeSource.getParent().resolve(DEFAULT_NAME);
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** Where the exporter's classes were loaded from. */
  static Path exporterLocation() {
    try {
      return Path.of(PluginDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where the exporter runs from", e);
    }
  }

  /**
   * Every plugin visible to {@code parent}, plus those in the jars of {@code dir} when given. Logs which
   * plugins were found and where each came from.
   */
  static ChainPluginRegistry load(Optional<Path> dir, ClassLoader parent) {
    ClassLoader loader = dir.map(d -> jarLoader(d, parent)).orElse(parent);
    ChainPluginRegistry registry = ChainPluginRegistry.loadInstalled(loader);
    for (ChainPlugin plugin : registry.plugins()) {
      log.info("Chain plugin '{}' ({}) from {}", plugin.id(), plugin.getClass().getName(), origin(plugin));
    }
    return registry;
  }

  private static ClassLoader jarLoader(Path dir, ClassLoader parent) {
    List<URL> jars = new ArrayList<>();
    for (Path jar : jarsIn(dir)) {
      try {
        checkReadable(jar);
        jars.add(jar.toUri().toURL());
      } catch (IOException | SecurityException e) {
        log.error("Plugin jar {} cannot be read and is skipped: {}", jar, e.getMessage());
      }
    }
    if (jars.isEmpty()) {
      log.info("No plugin jars in {}", dir);
      return parent;
    }
    // Lives as long as the exporter: the plugins' classes are used until it stops.
    return new URLClassLoader("valwatch-plugins", jars.toArray(URL[]::new), parent);
  }

  private static List<Path> jarsIn(Path dir) {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
      entries.forEach(jars::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the plugin directory " + dir + ": " + e.getMessage(), e);
    }
    jars.sort(null);
    return jars;
  }

  /** Reads the jar's whole index, so a truncated or foreign file fails here rather than halfway through loading. */
  private static void checkReadable(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        entries.nextElement();
      }
    }
  }

  private static String origin(ChainPlugin plugin) {
    CodeSource source = plugin.getClass().getProtectionDomain().getCodeSource();
    return source == null ? "the runtime" : source.getLocation().toString();
  }
}
