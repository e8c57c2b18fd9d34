package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.assertStaking;
import static io.valwatch.it.Watching.await;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.expectedRank;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.Watcher;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.plugins.cosmos.CosmosSdkPlugin;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.StakingModule;
import io.valwatch.simnet.ValidatorTruth;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * An Initia chain (x/mstaking with an LP denom, standard x/slashing) watched with the initia plugin, named or
 * detected: counts, jailing, rank by weighted voting power and blocks until jail equal the truth. The
 * cosmos-sdk plugin on the same chain cannot read its staking module and says which plugin to use.
 */
class InitiaTest {
  private static final String LP = "move/" + "cd".repeat(32);
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");
  /** window 100, min_signed_per_window 0.5: 50 misses are tolerated. */
  private static final long MAX_MISSED = 50;

  /**
   * Voting power = uinit + 3 × LP: bob 10 + 3 × 8 = 34, alice 30, carol 5 + 3 × 6 = 23, dave 20. By uinit
   * alone alice would rank first and carol last, so the rank shows which figure the watcher used.
   */
  private static SimulatedChain initiaChain(String chainId) {
    return SimulatedChain.builder()
        .chainId(chainId)
        .stakingModule(StakingModule.INITIA)
        .lpDenom(LP, "3")
        .validator("alice", 30_000_000)
        .validator("bob", 10_000_000, 8_000_000)
        .validator("carol", 5_000_000, 6_000_000)
        .validator("dave", 20_000_000)
        .offline("bob", 20, 60)
        .nilVotes("carol", 10, 15)
        .offline("dave", 30, 129)
        .build();
  }

  @Test
  void namedInitiaPluginReportsTheTruth() throws Exception {
    watchAndCompare("initia-named-1", "initia");
  }

  @Test
  void initiaIsDetectedWhenNoPluginIsConfigured() throws Exception {
    watchAndCompare("initia-detected-1", null);
  }

  private static void watchAndCompare(String chainId, String pluginId) throws Exception {
    SimulatedChain chain = initiaChain(chainId);
    ChainHistory history = new ChainHistory(chain);
    history.produce(130);
    ChainTruth truth = chain.truth();
    assertThat(truth.validator("dave").jailed()).as("the scenario jails dave").isTrue();
    assertThat(expectedRank(truth, "bob", ValidatorTruth::votingPower))
        .as("bob ranks first by voting power, not by uinit")
        .isEqualTo(1);

    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec.Builder spec = specFor(server);
      if (pluginId != null) {
        spec.plugin(pluginId);
      }
      NAMES.forEach(n -> spec.track(truth.validator(n).operatorAddress(), n));
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chainId, 129);

        assertThat(status.pluginId()).as("plugin in use").isEqualTo("initia");
        assertThat(status.blocksProcessed()).isEqualTo(129);
        assertThat(status.livenessRule().orElseThrow().maxMissedBlocks()).isEqualTo(MAX_MISSED);
        assertThat(status.seatPriceTokens().orElseThrow().longValueExact())
            .as("seat price: the lowest voting power among bonded validators")
            .isEqualTo(truth.validators().values().stream()
                .filter(v -> v.status() == BondStatus.BONDED)
                .mapToLong(ValidatorTruth::votingPower)
                .min()
                .orElseThrow());
        for (String name : NAMES) {
          ValidatorTruth t = truth.validator(name);
          var v = validator(status, t.operatorAddress());
          assertThat(v.consensusAddressHex()).as("consensus address of %s", name).contains(t.consensusAddressHex());
          assertCounts(name, v.signing(), history.expected(name, 1, 129));
          assertStaking(v.staking().orElseThrow(), t, expectedRank(truth, name, ValidatorTruth::votingPower), MAX_MISSED);
          assertThat(v.staking().orElseThrow().tokens().orElseThrow().longValueExact())
              .as("tokens of %s: the weighted voting power", name)
              .isEqualTo(t.votingPower());
          assertThat(v.staking().orElseThrow().tokensByDenom()).as("stake per denom of %s", name)
              .isEqualTo(stakeByDenom(chain, t));
        }
      }
    }
  }

  /**
   * Network mode on Initia: every validator by operator address, ranked by weighted voting power. dave was
   * jailed before the watcher started, so the first staking read lists him as unbonding and he is not
   * selected; the old heights being caught up show him in the set, which selects him again.
   */
  @Test
  void networkModeTracksEveryValidatorRankedByVotingPower() throws Exception {
    SimulatedChain chain = initiaChain("initia-network-1");
    ChainHistory history = new ChainHistory(chain);
    history.produce(130);
    ChainTruth truth = chain.truth();
    try (SimnetServer server = SimnetServer.start(chain)) {
      try (Watcher watcher = Watcher.builder().chain(specFor(server).plugin("initia").trackAll().build()).build()) {
        watcher.start();
        ChainStatus status = await(watcher, chain.chainId(),
            s -> s.latestHeight().orElse(-1) >= 129 && s.validators().size() == 4
                && s.validators().stream().allMatch(v -> v.staking().isPresent()),
            "height 129 with every validator named");
        assertThat(status.validators()).extracting(v -> v.staking().orElseThrow().moniker().orElseThrow())
            .as("bonded by rank, then the unbonding one")
            .containsExactly("bob", "alice", "carol", "dave");
        for (String name : NAMES) {
          ValidatorTruth t = truth.validator(name);
          var v = validator(status, t.operatorAddress());
          assertCounts(name, v.signing(), history.expected(name, 1, 129));
          assertStaking(v.staking().orElseThrow(), t, expectedRank(truth, name, ValidatorTruth::votingPower), MAX_MISSED);
        }
      }
    }
  }

  /** The base denom always; the LP denom when the validator holds some (zero coins are not listed). */
  private static Map<String, BigInteger> stakeByDenom(SimulatedChain chain, ValidatorTruth t) {
    Map<String, BigInteger> expected = new LinkedHashMap<>();
    expected.put(chain.bondDenom(), BigInteger.valueOf(t.tokens()));
    if (t.lpTokens() > 0) {
      expected.put(chain.lpDenom(), BigInteger.valueOf(t.lpTokens()));
    }
    return expected;
  }

  @Test
  void cosmosSdkPluginOnInitiaReadsNoStakingAndNamesTheInitiaPlugin() throws Exception {
    SimulatedChain chain = initiaChain("initia-wrong-plugin-1");
    ChainHistory history = new ChainHistory(chain);
    history.produce(40);
    ValidatorTruth bob = chain.truth().validator("bob");

    try (SimnetServer server = SimnetServer.start(chain)) {
      // Tracked by consensus address: without staking data an operator address cannot be resolved.
      ChainSpec spec = specFor(server).plugin("cosmos-sdk").track(bob.consensusAddressHex(), "bob").build();
      try (Watcher watcher = Watcher.builder().chain(spec).build()) {
        watcher.start();
        // Staking is refreshed before the first height is processed, so this snapshot follows a refresh.
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 39);

        assertThat(status.pluginId()).isEqualTo("cosmos-sdk");
        assertThat(server.requestCount("abci_query")).as("the plugin tried its staking queries").isPositive();
        assertThat(status.livenessRule()).as("no slashing data from a refresh that failed").isEmpty();
        assertThat(status.seatPriceTokens()).isEmpty();
        var v = validator(status, bob.consensusAddressHex());
        assertThat(v.staking()).as("bob's staking status").isEmpty();
        assertCounts("bob", v.signing(), history.expected("bob", 1, 39));
      }

      // The watcher only logs why the refresh failed; this is the failure the plugin hands it.
      OkHttpClient http = new OkHttpClient();
      RpcEndpoint endpoint = RpcEndpoint.parse(server.url());
      ChainContext context =
          ChainContext.builder()
              .chainId(chain.chainId())
              .endpoints(List.of(endpoint))
              .rpcClients(List.of(new CometRpcClient(endpoint, http)))
              .httpClient(http)
              .clock(Clock.systemUTC())
              .pollInterval(Duration.ofMillis(50))
              .options(Map.of())
              .build();
      try (ChainDataSource source = new CosmosSdkPlugin().open(context)) {
        assertThatThrownBy(source::fetch)
            .isInstanceOf(IOException.class)
            .hasMessageContaining("x/mstaking")
            .hasMessageContaining("plugin: initia");
        assertThat(new CosmosSdkPlugin().detect(context)).as("cosmos-sdk does not claim an Initia chain").isFalse();
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }
}
