package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.valwatch.Watcher;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.model.ChainStatus;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** A plugin jar dropped into the plugins directory is used by {@code valwatch run} without any code change. */
class PluginDirectoryTest {
  private static final String PLUGIN_CLASS = "org.example.dropin.DroppedInPlugin";
  private static final String PLUGIN_SOURCE =
      """
      package org.example.dropin;

      import io.valwatch.spi.ChainContext;
      import io.valwatch.spi.ChainData;
      import io.valwatch.spi.ChainDataSource;
      import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
      import java.util.Set;

      public final class DroppedInPlugin implements ChainPlugin {
        @Override public String id() { return "dropped-in"; }
        @Override public Set<String> optionNames() { return Set.of("flavour"); }
        @Override public ChainDataSource open(ChainContext context) { return ChainData::blocksOnly; }
      }
      """;

  @TempDir Path work;

  private final Logger pluginLog = (Logger) LoggerFactory.getLogger(PluginDirectory.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    // Every level is captured, whatever another test in this JVM set the root logger to.
    pluginLog.setLevel(Level.ALL);
    logged.start();
    pluginLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    pluginLog.detachAppender(logged);
    pluginLog.setLevel(null);
  }

  @Test
  void runUsesAPluginDroppedIntoThePluginsDirectory() throws Exception {
    Path plugins = Files.createDirectory(work.resolve("plugins"));
    Path jar = buildPluginJar(plugins.resolve("dropped-in-plugin.jar"));
    Files.write(plugins.resolve("broken.jar"), "not a zip file".getBytes(StandardCharsets.UTF_8));
    Path config = work.resolve("valwatch.yaml");
    Files.writeString(
        config,
        """
        chains:
          - id: dropin-1
            plugin: dropped-in
            rpc: [http://127.0.0.1:1]
            options:
              flavour: plain
        """);

    RunCommand run = parse("--config", config.toString(), "--plugins-dir", plugins.toString());
    ExporterConfig effective = run.effectiveConfig();
    try (Watcher watcher = run.watcher(effective)) {
      ChainStatus status = watcher.status("dropin-1").orElseThrow();
      assertThat(status.pluginId()).isEqualTo("dropped-in");
    }

    assertThat(messages())
        .anySatisfy(m -> assertThat(m).startsWith("Plugin jar " + plugins.resolve("broken.jar")).contains("is skipped"))
        .anySatisfy(m -> assertThat(m).isEqualTo(
            "Chain plugin 'dropped-in' (" + PLUGIN_CLASS + ") from " + jar.toUri().toURL()))
        .anySatisfy(m -> assertThat(m).startsWith("Chain plugin 'cosmos-sdk' ("));
  }

  @Test
  void withoutTheJarTheSameConfigurationIsRefusedNamingTheInstalledPlugins() throws Exception {
    Path empty = Files.createDirectory(work.resolve("plugins"));
    Path config = work.resolve("valwatch.yaml");
    Files.writeString(config, "chains:\n  - id: dropin-1\n    plugin: dropped-in\n    rpc: [http://127.0.0.1:1]\n");

    RunCommand run = parse("--config", config.toString(), "--plugins-dir", empty.toString());

    assertThat(catchThrowable(run::effectiveConfig))
        .hasMessageContaining("chains[0].plugin: no chain plugin 'dropped-in' is installed; installed: ")
        .hasMessageContaining("cosmos-sdk");
  }

  @Test
  void aPluginsDirectoryThatDoesNotExistIsAUsageError() {
    CommandLine commandLine = Main.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));
    Path missing = work.resolve("no-such-dir");

    int exit = commandLine.execute("run", "--config", "x.yaml", "--plugins-dir", missing.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--plugins-dir: " + missing + " is not a directory");
  }

  @Test
  void theExporterShipsEveryBuiltInPlugin() {
    ChainPluginRegistry installed = PluginDirectory.load(Optional.empty(), getClass().getClassLoader());

    assertThat(installed.plugins()).extracting(ChainPlugin::id).contains("cosmos-sdk", "initia", "minter");
  }

  @Test
  void theDefaultDirectoryIsPluginsNextToTheExportersJar() throws IOException {
    Path jar = Files.writeString(work.resolve("valwatch-exporter.jar"), "");
    assertThat(PluginDirectory.besideJar(jar)).isEmpty();

    Path plugins = Files.createDirectory(work.resolve("plugins"));

    assertThat(PluginDirectory.besideJar(jar)).contains(plugins);
    assertThat(PluginDirectory.besideJar(work)).as("classes directory, not a jar").isEmpty();
  }

  private static RunCommand parse(String... args) {
    CommandLine commandLine = new CommandLine(new RunCommand());
    commandLine.parseArgs(args);
    return commandLine.getCommand();
  }

  private List<String> messages() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** Compiles the plugin against watcher-core and packs it with its service registration, as a plugin author would. */
  private Path buildPluginJar(Path jar) throws IOException {
    Path sources = Files.createDirectories(work.resolve("src/org/example/dropin"));
    Path source = Files.writeString(sources.resolve("DroppedInPlugin.java"), PLUGIN_SOURCE);
    Path classes = Files.createDirectory(work.resolve("classes"));
    String classPath = location(ChainPlugin.class) + File.pathSeparator + location(OkHttpClient.class);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int result = javac.run(null, null, null, "--release", "17", "-classpath", classPath, "-d", classes.toString(), source.toString());
    assertThat(result).as("compiling the test plugin").isZero();

    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
      zip.putNextEntry(new JarEntry("META-INF/services/" + ChainPlugin.class.getName()));
      zip.write((PLUGIN_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
