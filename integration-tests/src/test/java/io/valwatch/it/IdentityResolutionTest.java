package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every way of naming a validator resolves to the same consensus address and the same counts. */
class IdentityResolutionTest {
  @Test
  void operatorValconsHexAndPubkeyNameTheSameValidator() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("identity-1")
            .validator("alice", 30_000_000)
            .validator("bob", 20_000_000)
            .offline("bob", 5, 12)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(40);
    ValidatorTruth bob = chain.truth().validator("bob");
    List<String> names =
        List.of(
            bob.operatorAddress(),
            bob.consensusAddress(),
            bob.consensusAddressHex().toLowerCase(Locale.ROOT),
            bob.pubKeyBase64());
    assertThat(names).doesNotHaveDuplicates();

    try (SimnetServer server = SimnetServer.start(chain)) {
      var spec = specFor(server);
      names.forEach(spec::track);
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 39);
        for (String name : names) {
          var v = validator(status, name);
          assertThat(v.consensusAddressHex()).as("consensus address of %s", name).contains(bob.consensusAddressHex());
          assertThat(v.displayAddress()).as("display address of %s", name).isEqualTo(bob.operatorAddress());
          assertThat(v.staking().orElseThrow().operatorAddress()).contains(bob.operatorAddress());
          assertCounts(name, v.signing(), history.expected("bob", 1, 39));
        }
      }
    }
  }
}
