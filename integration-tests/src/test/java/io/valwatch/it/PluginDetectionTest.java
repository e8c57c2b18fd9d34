package io.valwatch.it;

import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import org.junit.jupiter.api.Test;

/** With no plugin configured and both plugins installed, a standard Cosmos SDK chain is detected as such. */
class PluginDetectionTest {
  @Test
  void standardChainIsDetectedAsCosmosSdk() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("detect-cosmos-1")
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .build();
    chain.produceBlocks(10);
    ValidatorTruth bob = chain.truth().validator("bob");

    try (SimnetServer server = SimnetServer.start(chain);
        Watcher watcher = Watcher.builder().chain(specFor(server).track(bob.operatorAddress()).build()).build()) {
      assertThat(watcher.status(chain.chainId()).orElseThrow().pluginId()).as("before the first tick").isNull();
      watcher.start();
      ChainStatus status = awaitProcessed(watcher, chain.chainId(), 9);

      assertThat(status.pluginId()).isEqualTo("cosmos-sdk");
      assertThat(validator(status, bob.operatorAddress()).staking().orElseThrow().tokens().orElseThrow().longValueExact())
          .as("staking data read by the detected plugin")
          .isEqualTo(bob.tokens());
      assertThat(server.requestCount("abci_query")).as("detection and staking over abci_query").isPositive();
    }
  }
}
