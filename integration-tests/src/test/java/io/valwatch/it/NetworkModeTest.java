package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.await;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.specFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.NetworkMode;
import io.valwatch.model.ValidatorFilter;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Network mode ({@code validators: all}) tracks every validator of the set without a list: one that joins
 * while the watcher runs is tracked from the height it enters the set, named by operator address and moniker
 * as soon as a height shows it, and every count equals the simulator's truth.
 */
class NetworkModeTest {
  @Test
  void tracksEveryValidatorIncludingOneThatJoinsWhileWatching() throws Exception {
    // frank bonds at 30 and is in the set from 32; nothing but frank's arrival starts a staking refresh.
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("network-1")
            .validator("alice", 50_000_000)
            .validator("bob", 40_000_000)
            .validator("carol", 20_000_000)
            .validator("erin", 10_000_000)
            .join("frank", 30, 30_000_000)
            .offline("carol", 35, 44)
            .offline("frank", 50, 52)
            .nilVotes("bob", 40, 41)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(20);

    try (SimnetServer server = SimnetServer.start(chain);
        Watcher watcher = Watcher.builder().chain(specFor(server).trackAll().build()).build()) {
      watcher.start();
      ChainStatus before = awaitProcessed(watcher, chain.chainId(), 19);
      assertThat(operators(before)).as("tracked before frank joins")
          .containsExactlyInAnyOrderElementsOf(bondedOperators(chain.truth()));

      history.produce(60);
      ChainStatus status = await(watcher, chain.chainId(),
          s -> s.latestHeight().orElse(-1) >= 79 && s.validators().size() == 5
              && s.validators().stream().allMatch(v -> v.staking().isPresent()),
          "height 79 with frank named");
      ChainTruth truth = chain.truth();
      assertThat(operators(status)).containsExactlyInAnyOrderElementsOf(bondedOperators(truth));
      assertThat(status.activeValidators()).as("tracked validators equal the set").hasValue(status.validators().size());
      Map<String, ValidatorTruth> byOperator =
          truth.validators().values().stream().collect(Collectors.toMap(ValidatorTruth::operatorAddress, Function.identity()));
      for (ValidatorStatus v : status.validators()) {
        ValidatorTruth t = byOperator.get(v.identity());
        assertThat(v.staking().orElseThrow().moniker()).as("moniker of %s", v.identity()).contains(t.name());
        assertThat(v.consensusAddressHex()).contains(t.consensusAddressHex());
        assertCounts(t.name(), v.signing(), history.expected(t.name(), 1, 79));
      }
      assertThat(status.validators()).extracting(v -> v.staking().orElseThrow().rank().getAsInt())
          .as("published in rank order").containsExactly(1, 2, 3, 4, 5);
      ValidatorStatus frank = status.validators().get(2);
      assertThat(frank.staking().orElseThrow().moniker()).contains("frank");
      assertThat(frank.signing().missedBlocks()).as("frank misses 50..52 and nothing before joining").isEqualTo(3);
      assertThat(frank.signing().signedBlocks()).as("frank signs 32..79 but 50..52").isEqualTo(45);
      assertThat(server.requestCount("abci_query")).as("frank's arrival started a staking refresh").isPositive();
    }
  }

  @Test
  void filtersCapAndKeepsAValidatorThatLeavesWhileItUnbonds() throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("network-2")
            .validator("alice", 50_000_000)
            .validator("bob", 40_000_000)
            .validator("carol", 30_000_000)
            .validator("erin", 20_000_000)
            .validator("test-node", 10_000_000)
            .leave("erin", 10)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(30);
    NetworkMode mode =
        new NetworkMode(List.of(), List.of(ValidatorFilter.moniker("TEST-*")), 3);
    NetworkMode topTwo = new NetworkMode(List.of(ValidatorFilter.ranks(1, 2)), List.of(), 10);

    try (SimnetServer server = SimnetServer.start(chain);
        Watcher watcher =
            Watcher.builder()
                .chain(specFor(server).trackAll(mode).stakingRefreshInterval(Duration.ofMillis(100)).build())
                .build()) {
      watcher.start();
      // Before erin leaves (she is ranked 4th), the cap of 3 keeps alice, bob and carol; test-node is excluded.
      ChainStatus status =
          await(watcher, chain.chainId(), s -> s.latestHeight().orElse(-1) >= 29
              && s.validators().stream().allMatch(v -> v.staking().isPresent()), "height 29");
      assertThat(status.validators()).extracting(v -> v.staking().orElseThrow().moniker().orElseThrow()).containsExactly("alice", "bob", "carol");
      for (ValidatorStatus v : status.validators()) {
        String name = v.staking().orElseThrow().moniker().orElseThrow();
        assertCounts(name, v.signing(), history.expected(name, 1, 29));
      }
    }

    SimulatedChain again =
        SimulatedChain.builder()
            .chainId("network-3")
            .validator("alice", 50_000_000)
            .validator("bob", 40_000_000)
            .validator("erin", 20_000_000)
            .leave("erin", 20)
            .build();
    ChainHistory againHistory = new ChainHistory(again);
    againHistory.produce(10);
    try (SimnetServer server = SimnetServer.start(again);
        Watcher watcher =
            Watcher.builder()
                .chain(specFor(server).trackAll().stakingRefreshInterval(Duration.ofMillis(100)).build())
                .build()) {
      watcher.start();
      awaitProcessed(watcher, again.chainId(), 9);
      againHistory.produce(30);
      ChainStatus status =
          await(watcher, again.chainId(), s -> s.latestHeight().orElse(-1) >= 39
              && s.validators().stream().anyMatch(v -> v.staking().isPresent() && v.staking().get().bondStatus() == BondStatus.UNBONDING),
              "height 39 with erin unbonding");
      assertThat(again.truth().validator("erin").status()).isEqualTo(BondStatus.UNBONDING);
      assertThat(status.activeValidators()).hasValue(2);
      assertThat(status.validators()).extracting(v -> v.staking().orElseThrow().moniker().orElseThrow())
          .as("erin left the set and is kept while unbonding, after the bonded ones")
          .containsExactly("alice", "bob", "erin");
      ValidatorStatus erin = status.validators().get(2);
      assertCounts("erin", erin.signing(), againHistory.expected("erin", 1, 39));
      assertThat(erin.staking().orElseThrow().rank()).isEmpty();
    }

    SimulatedChain ranked =
        SimulatedChain.builder()
            .chainId("network-4")
            .validator("alice", 50_000_000)
            .validator("bob", 40_000_000)
            .validator("carol", 30_000_000)
            .build();
    ranked.produceBlocks(5);
    try (SimnetServer server = SimnetServer.start(ranked);
        Watcher watcher = Watcher.builder().chain(specFor(server).trackAll(topTwo).build()).build()) {
      watcher.start();
      ChainStatus status = awaitProcessed(watcher, ranked.chainId(), 4);
      assertThat(status.validators()).extracting(v -> v.staking().orElseThrow().moniker().orElseThrow()).containsExactly("alice", "bob");
    }
  }

  private static List<String> operators(ChainStatus status) {
    return status.validators().stream().map(ValidatorStatus::identity).toList();
  }

  private static List<String> bondedOperators(ChainTruth truth) {
    return truth.validators().values().stream()
        .filter(v -> v.status() == BondStatus.BONDED)
        .map(ValidatorTruth::operatorAddress)
        .toList();
  }
}
