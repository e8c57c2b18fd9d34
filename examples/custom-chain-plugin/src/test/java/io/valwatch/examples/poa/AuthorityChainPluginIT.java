package io.valwatch.examples.poa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.Watcher;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The plugin as a user installs it: loaded through {@link java.util.ServiceLoader} from the jar this module
 * builds, then watching a simulated chain whose blocks come from the simulator's CometBFT RPC and whose
 * authorities come from a registry that serves the simulator's truth in the invented shape.
 */
@Timeout(60)
class AuthorityChainPluginIT {
  private static final String CHAIN_ID = "poa-example-1";
  private static final String PLUGIN_ID = "example-poa";
  private static final long WINDOW = 50;
  /** {@code WINDOW - round(0.5 × WINDOW)}: the simulator's downtime rule plays the registry's. */
  private static final long MAX_MISSED = 25;

  private final SimulatedChain chain =
      SimulatedChain.builder()
          .chainId(CHAIN_ID)
          .signedBlocksWindow(WINDOW)
          .minSignedPerWindow("0.5")
          .validator("alice", 40_000_000)
          .validator("bob", 30_000_000)
          .validator("carol", 20_000_000)
          .offline("carol", 25, 1_000)
          .build();
  private final MockWebServer registry = new MockWebServer();
  private URLClassLoader pluginLoader;

  @BeforeEach
  void serveRegistryAndLoadTheJar() throws Exception {
    registry.setDispatcher(new RegistryDispatcher(chain));
    registry.start(InetAddress.getByName("127.0.0.1"), 0);
    Path jar = Path.of(System.getProperty("plugin.jar"));
    assertThat(jar).as("the plugin jar, built in the package phase").isRegularFile();
    pluginLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }

  @AfterEach
  void close() throws Exception {
    pluginLoader.close();
    registry.close();
  }

  @Test
  void theServiceLoaderFindsThePluginInItsJarAndOnlyThere() throws Exception {
    ChainPlugin plugin = ChainPluginRegistry.loadInstalled(pluginLoader).find(PLUGIN_ID).orElseThrow();

    URL loadedFrom = plugin.getClass().getProtectionDomain().getCodeSource().getLocation();
    assertThat(Path.of(loadedFrom.toURI())).isEqualTo(Path.of(System.getProperty("plugin.jar")).toRealPath());
    assertThatThrownBy(() -> Class.forName(plugin.getClass().getName(), false, getClass().getClassLoader()))
        .as("the test's own class path must not hold the plugin")
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(plugin.optionNames()).containsExactly("registry");
  }

  @Test
  void detectsAChainWithARegistryAndNoOtherChain() throws Exception {
    ChainPlugin plugin = ChainPluginRegistry.loadInstalled(pluginLoader).find(PLUGIN_ID).orElseThrow();

    assertThat(plugin.detect(context(Map.of("registry", registryUrl())))).isTrue();
    assertThat(plugin.detect(context(Map.of()))).isFalse();
  }

  @Test
  void watchesTheSimulatedChainAndReportsExactlyTheTruth() throws Exception {
    chain.produceBlocks(40);
    ChainTruth truth = chain.truth();
    ValidatorTruth carol = truth.validator("carol");
    assertThat(carol.missedBlocksCounter()).as("carol is going offline, not yet switched off").isBetween(1L, MAX_MISSED - 1);
    ChainPluginRegistry plugins = ChainPluginRegistry.loadInstalled(pluginLoader);

    try (SimnetServer node = SimnetServer.start(chain)) {
      ChainSpec.Builder spec =
          ChainSpec.builder(CHAIN_ID)
              .plugin(PLUGIN_ID)
              .pluginOption("registry", registryUrl())
              .rpcEndpoint(node.url())
              .startHeight(1)
              .pollInterval(Duration.ofMillis(100))
              .stakingRefreshInterval(Duration.ofMillis(200));
      truth.validators().values().forEach(v -> spec.track(v.consensusAddressHex(), v.name()));
      try (Watcher watcher = Watcher.builder().plugins(plugins).chain(spec.build()).build()) {
        watcher.start();
        long lastCommitted = truth.latestHeight() - 1;
        ChainStatus status =
            await(watcher, s -> s.latestHeight().equals(OptionalLong.of(lastCommitted))
                && s.validators().stream().allMatch(v -> v.staking().isPresent()));

        assertThat(status.pluginId()).isEqualTo(PLUGIN_ID);
        assertThat(status.blocksProcessed()).isEqualTo(lastCommitted);
        assertThat(status.livenessRule())
            .contains(new LivenessRule(WINDOW, MAX_MISSED, LivenessRule.Penalty.SWITCH_OFF, Duration.ZERO, 0,
                BigDecimal.ZERO));
        for (ValidatorStatus v : status.validators()) {
          ValidatorTruth t = truth.validator(v.label());
          assertThat(v.consensusAddressHex()).contains(t.consensusAddressHex());
          assertThat(v.signing().signedBlocks()).as(t.name() + " signed").isEqualTo(t.signed());
          assertThat(v.signing().missedBlocks()).as(t.name() + " missed").isEqualTo(t.missed());
          assertThat(v.staking().orElseThrow().operatorAddress()).contains(t.name());
          assertThat(v.staking().orElseThrow().bondStatus()).isEqualTo(BondStatus.BONDED);
          assertThat(v.staking().orElseThrow().votingPower()).hasValue(t.votingPower() / 1_000_000);
          assertThat(v.staking().orElseThrow().chainMissedBlocksCounter()).as(t.name() + " missed in the window")
              .hasValue(t.missedBlocksCounter());
          assertThat(v.staking().orElseThrow().chainBlocksUntilPenalty()).as(t.name() + " blocks until switched off")
              .hasValue(MAX_MISSED - t.missedBlocksCounter());
        }
        assertThat(status.validators().stream().collect(Collectors.toMap(ValidatorStatus::label, v -> v.staking().orElseThrow().rank().getAsInt())))
            .isEqualTo(Map.of("alice", 1, "bob", 2, "carol", 3));
      }
    }
  }

  private String registryUrl() {
    return "http://127.0.0.1:" + registry.getPort();
  }

  private ChainContext context(Map<String, Object> options) {
    return ChainContext.builder()
        .chainId(CHAIN_ID)
        .endpoints(List.of())
        .rpcClients(List.of())
        .httpClient(new OkHttpClient())
        .clock(Clock.systemUTC())
        .pollInterval(Duration.ofSeconds(1))
        .options(options)
        .build();
  }

  private static ChainStatus await(Watcher watcher, Predicate<ChainStatus> condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      ChainStatus status = watcher.status(CHAIN_ID).orElseThrow();
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the watcher did not get there within 30 s: " + watcher.status(CHAIN_ID));
  }

  /** The invented registry, answering from the simulator's truth at the time of each request. */
  private static final class RegistryDispatcher extends Dispatcher {
    private final SimulatedChain chain;

    RegistryDispatcher(SimulatedChain chain) {
      this.chain = chain;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (!request.getUrl().encodedPath().equals("/authorities")) {
        return new MockResponse.Builder().code(404).build();
      }
      ChainTruth truth = chain.truth();
      String authorities =
          truth.validators().values().stream()
              .map(v -> String.format(
                  "{\"name\":\"%s\",\"pub_key\":\"%s\",\"power\":\"%d\",\"missed\":\"%d\",\"active\":%b}",
                  v.name(), v.pubKeyBase64(), v.votingPower() / 1_000_000, v.missedBlocksCounter(),
                  v.status() == BondStatus.BONDED))
              .collect(Collectors.joining(","));
      String body =
          String.format(
              "{\"height\":\"%d\",\"liveness\":{\"window\":\"%d\",\"max_missed\":\"%d\"},\"authorities\":[%s]}",
              truth.latestHeight(), WINDOW, MAX_MISSED, authorities);
      return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
  }
}
