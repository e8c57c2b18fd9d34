package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A validator set that changes between {@code H} and {@code H+1}: height {@code H} is attributed with the
 * set of {@code H} (from block {@code H}'s {@code validators_hash}), not with the set that signs the block
 * carrying its commit. A wrong set would misplace every signature after the joining validator's slot.
 */
class SetChangeTest {
  @Test
  void heightsAroundAJoinAndALeaveAreCountedWithTheirOwnSet() throws Exception {
    // frank bonds at 30 and signs from 32 (the set of 32); erin unbonds at 60 and signs up to 61.
    // frank's power sits between bob and carol, so every later member moves one slot.
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("setchange-1")
            .validator("alice", 50_000_000)
            .validator("bob", 40_000_000)
            .validator("carol", 20_000_000)
            .validator("erin", 10_000_000)
            .join("frank", 30, 30_000_000)
            .leave("erin", 60)
            .offline("carol", 31, 33)
            .nilVotes("erin", 61, 61)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(90);
    List<String> names = List.of("alice", "bob", "carol", "erin", "frank");

    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec.Builder spec = specFor(server);
      names.forEach(n -> spec.track(chain.truth().validator(n).consensusAddressHex(), n));
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 89);
        assertThat(status.blocksProcessed()).isEqualTo(89);
        for (String name : names) {
          assertCounts(name, validator(status, chain.truth().validator(name).consensusAddressHex()).signing(),
              history.expected(name, 1, 89));
        }
        // The same figures worked out from the scenario, independent of the simulator's counters.
        var frank = validator(status, chain.truth().validator("frank").consensusAddressHex()).signing();
        assertThat(frank.signedBlocks()).as("frank signs heights 32..89").isEqualTo(58);
        var erin = validator(status, chain.truth().validator("erin").consensusAddressHex()).signing();
        assertThat(erin.signedBlocks() + erin.nilVotes()).as("erin votes on heights 1..61").isEqualTo(61);
        assertThat(erin.nilVotes()).isEqualTo(1);
        var carol = validator(status, chain.truth().validator("carol").consensusAddressHex()).signing();
        assertThat(carol.missedBlocks()).as("carol misses 31, 32 (old set) and 33 (new set)").isEqualTo(3);
        assertThat(server.requestCount("validators")).as("sets of 1..31, 32..61 and 62..").isEqualTo(3);
      }
    }
  }
}
