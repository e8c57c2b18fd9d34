package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A dead or misconfigured endpoint never stops a chain, and a dead chain never stops another. */
class EndpointFailoverTest {
  private static SimulatedChain chain(String chainId, long aliceTokens) {
    return SimulatedChain.builder()
        .chainId(chainId)
        .validator("alice", aliceTokens)
        .validator("bob", 20_000_000)
        .offline("bob", 10, 30)
        .build();
  }

  @Test
  void aFirstEndpointThatIsDownIsReportedAndTheSecondServes() throws Exception {
    SimulatedChain chain = chain("failover-down-1", 30_000_000);
    ChainHistory history = new ChainHistory(chain);
    history.produce(80);
    String dead = Endpoints.closedPortUrl();
    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(dead)
              .rpcEndpoint(server.url())
              .startHeight(1)
              .websocket(false)
              .pollInterval(Duration.ofMillis(50))
              .track(chain.truth().validator("bob").operatorAddress())
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 79);
        assertThat(status.blocksProcessed()).isEqualTo(79);
        assertCounts("bob", validator(status, chain.truth().validator("bob").operatorAddress()).signing(),
            history.expected("bob", 1, 79));
        assertThat(validator(status, chain.truth().validator("bob").operatorAddress()).staking().orElseThrow().tokens().orElseThrow())
            .as("staking read through the second endpoint")
            .isEqualTo(chain.truth().validator("bob").tokens());

        EndpointStatus down = status.endpoints().get(0);
        assertThat(down.endpoint()).isEqualTo(dead);
        assertThat(down.up()).isFalse();
        assertThat(down.lastError().orElseThrow()).startsWith("status on " + dead + ": ");
        EndpointStatus up = status.endpoints().get(1);
        assertThat(up.up()).isTrue();
        assertThat(up.lastError()).isEmpty();
        assertThat(up.height()).hasValue(80);
      }
    }
  }

  @Test
  void aFirstEndpointOnAnotherChainIsNeverUsed() throws Exception {
    // Same validator names, so the same keys, on both chains: only alice's stake tells them apart.
    SimulatedChain other = chain("failover-other-1", 90_000_000);
    other.produceBlocks(200);
    SimulatedChain chain = chain("failover-right-1", 30_000_000);
    ChainHistory history = new ChainHistory(chain);
    history.produce(80);
    try (SimnetServer wrong = SimnetServer.start(other);
        SimnetServer server = SimnetServer.start(chain)) {
      String alice = chain.truth().validator("alice").operatorAddress();
      ChainSpec spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(wrong.url())
              .rpcEndpoint(server.url())
              .startHeight(1)
              .websocket(false)
              .pollInterval(Duration.ofMillis(50))
              .track(alice)
              .build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 79);
        assertThat(status.blocksProcessed()).as("the other chain's 199 heights are not processed").isEqualTo(79);
        ValidatorStatus v = validator(status, alice);
        assertCounts("alice", v.signing(), history.expected("alice", 1, 79));
        assertThat(v.staking().orElseThrow().tokens().orElseThrow().longValueExact())
            .as("alice's stake on this chain, not on the other one")
            .isEqualTo(30_000_000);

        EndpointStatus misconfigured = status.endpoints().get(0);
        assertThat(misconfigured.up()).isFalse();
        assertThat(misconfigured.lastError())
            .contains("endpoint is on chain 'failover-other-1', expected 'failover-right-1'");
        assertThat(wrong.requestCount("block")).isZero();
        assertThat(wrong.requestCount("validators")).isZero();
        assertThat(wrong.requestCount("abci_query")).as("no staking data from the other chain").isZero();
      }
    }
  }

  @Test
  void aChainWhoseOnlyEndpointIsDeadDoesNotStopAnother() throws Exception {
    SimulatedChain chain = chain("healthy-1", 30_000_000);
    ChainHistory history = new ChainHistory(chain);
    history.produce(100);
    String dead = Endpoints.closedPortUrl();
    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec deadChain =
          ChainSpec.builder("dead-1")
              .rpcEndpoint(dead)
              .startHeight(1)
              .websocket(false)
              .pollInterval(Duration.ofMillis(50))
              .endpointCheckInterval(Duration.ofMillis(50))
              .stakingRefreshInterval(Duration.ofMillis(50))
              .build();
      ChainSpec healthy = specFor(server).track(chain.truth().validator("bob").operatorAddress()).build();
      try (Watcher watcher = Watcher.builder().chain(deadChain).chain(healthy).build()) {
        watcher.start();
        awaitProcessed(watcher, chain.chainId(), 99);
        history.produce(1);
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 100);
        assertThat(status.blocksProcessed()).isEqualTo(100);
        assertCounts("bob", validator(status, chain.truth().validator("bob").operatorAddress()).signing(),
            history.expected("bob", 1, 100));
        assertThat(server.requestCount("block")).isEqualTo(101);

        ChainStatus deadStatus = watcher.status("dead-1").orElseThrow();
        assertThat(deadStatus.latestHeight()).isEmpty();
        assertThat(deadStatus.blocksProcessed()).isZero();
        assertThat(deadStatus.endpoints()).singleElement().satisfies(e -> {
          assertThat(e.up()).isFalse();
          assertThat(e.lastError().orElseThrow()).startsWith("status on " + dead + ": ");
        });
      }
    }
  }
}
