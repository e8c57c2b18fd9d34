package io.valwatch.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainPluginRegistryTest {
  @TempDir Path dir;

  /** A plugin with a given id, priority and availability. */
  record TestPlugin(String id, int priority, boolean isAvailable) implements ChainPlugin {
    @Override
    public ChainDataSource open(ChainContext context) {
      return ChainData::blocksOnly;
    }
  }

  public static final class Installed implements ChainPlugin {
    public Installed() {}

    @Override
    public String id() {
      return "installed";
    }

    @Override
    public ChainDataSource open(ChainContext context) {
      return ChainData::blocksOnly;
    }
  }

  @Test
  void highestPriorityWinsForAnId() {
    ChainPluginRegistry registry = new ChainPluginRegistry();
    TestPlugin low = new TestPlugin("cosmos-sdk", 1, true);
    TestPlugin high = new TestPlugin("cosmos-sdk", 9, true);
    TestPlugin other = new TestPlugin("minter", 5, true);
    registry.register(low);
    registry.register(other);
    registry.register(high);

    assertThat(registry.find("cosmos-sdk")).containsSame(high);
    assertThat(registry.find("minter")).containsSame(other);
    assertThat(registry.find("initia")).isEmpty();
    assertThat(registry.plugins()).containsExactly(high, other);
  }

  @Test
  void unavailablePluginsAreLeftOut() {
    ChainPluginRegistry registry = new ChainPluginRegistry();
    registry.register(new TestPlugin("initia", 5, false));
    assertThat(registry.find("initia")).isEmpty();
    assertThat(registry.plugins()).isEmpty();
  }

  @Test
  void loadsProvidersAndSkipsOnesThatCannotBeLoaded() throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(ChainPlugin.class.getName()),
        "io.valwatch.spi.NoSuchPlugin\n" + Installed.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      ChainPluginRegistry registry = ChainPluginRegistry.loadInstalled(loader);
      assertThat(registry.plugins()).extracting(ChainPlugin::id).contains("installed");
      assertThat(registry.find("installed")).get().isInstanceOf(Installed.class);
    }
  }
}
