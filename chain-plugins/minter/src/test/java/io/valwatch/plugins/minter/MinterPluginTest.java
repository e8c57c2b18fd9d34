package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.spi.ChainPlugin;
import io.valwatch.spi.ChainPluginRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class MinterPluginTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

  @StartStop
  public final MockWebServer fixture = new MockWebServer();

  @Test
  void isFoundByServiceLoader() {
    ChainPluginRegistry registry = ChainPluginRegistry.loadInstalled(getClass().getClassLoader());

    assertThat(registry.find("minter")).get().isInstanceOf(MinterPlugin.class);
  }

  @Test
  void declaresItsOptions() {
    assertThat(new MinterPlugin().optionNames()).containsExactlyInAnyOrder("rules", "jail_blocks", "block_time");
  }

  @Test
  void detectsMintersStatus() throws IOException {
    MinterChain chain = MinterChain.builder().candidate("a", 1).build();
    chain.produceBlocks(2);
    try (MinterApiServer server = MinterApiServer.start(chain)) {
      assertThat(new MinterPlugin().detect(Contexts.of(chain.network(), clock, Map.of(), server.url()))).isTrue();
    }
  }

  @Test
  void aCometBftStatusIsNotMinter() throws Exception {
    fixture.enqueue(new MockResponse.Builder().body("""
        {"jsonrpc":"2.0","id":-1,"result":{"node_info":{"network":"cosmoshub-4"},
         "sync_info":{"latest_block_height":"100","catching_up":false}}}""").build());

    ChainPlugin plugin = new MinterPlugin();

    assertThat(plugin.detect(Contexts.of("cosmoshub-4", clock, Map.of(), fixture.url("/").toString()))).isFalse();
    assertThat(fixture.takeRequest().getUrl().encodedPath()).isEqualTo("/status");
  }

  @Test
  void detectionFailsWhenNothingAnswers() throws IOException {
    MockWebServer dead = new MockWebServer();
    dead.start(InetAddress.getByName("127.0.0.1"), 0);
    String url = "http://127.0.0.1:" + dead.getPort() + "/v2";
    dead.close();

    assertThatThrownBy(() -> new MinterPlugin().detect(Contexts.of("x", clock, Map.of(), url)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Minter API endpoint answered");
  }

  @Test
  void opensWithoutTouchingTheNetwork() {
    ChainPlugin plugin = new MinterPlugin();

    plugin.open(Contexts.of("x", clock, Map.of(), fixture.url("/v2").toString()));
    plugin.openBlockSource(Contexts.of("x", clock, Map.of(), fixture.url("/v2").toString()));

    assertThat(fixture.getRequestCount()).isZero();
  }

  @Test
  void optionsAreParsed() {
    assertThat(MinterOptions.parse(Map.of())).isEqualTo(MinterOptions.defaults());
    assertThat(MinterOptions.parse(Map.of("rules", "V1", "jail_blocks", "354", "block_time", "4.2s")))
        .isEqualTo(new MinterOptions(MinterOptions.Rules.V1, 354, Duration.ofMillis(4_200)));
    assertThat(MinterOptions.parse(Map.of("block_time", Duration.ofSeconds(6))).blockTime()).hasSeconds(6);
    assertThat(MinterOptions.parse(Map.of("block_time", 3)).blockTime()).hasSeconds(3);
    assertThat(MinterOptions.parse(Map.of("block_time", "500ms")).blockTime()).hasMillis(500);
    assertThat(MinterOptions.parse(Map.of("block_time", "PT7S")).blockTime()).hasSeconds(7);
    assertThat(MinterOptions.parse(Map.of("jail_blocks", 17_280)).jailBlocks()).isEqualTo(17_280);
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> MinterOptions.parse(Map.of("rules", "v3")))
        .hasMessageContaining("'rules' = 'v3'");
    assertThatThrownBy(() -> MinterOptions.parse(Map.of("jail_blocks", "lots")))
        .hasMessageContaining("'jail_blocks' = 'lots'");
    assertThatThrownBy(() -> MinterOptions.parse(Map.of("jail_blocks", 0)))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> MinterOptions.parse(Map.of("block_time", "soon")))
        .hasMessageContaining("'block_time' = 'soon'");
    assertThatThrownBy(() -> new MinterPlugin().open(Contexts.of("x", clock, Map.of("rules", "v9"), "http://127.0.0.1:1/v2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minter option 'rules'");
  }
}
